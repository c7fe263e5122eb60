import { useState } from 'react';
import { useIntl } from 'react-intl';
import type { UseMutationResult } from 'react-query';
import { apiErrorForField, apiErrorMessage } from '../../../utils/errors';

/**
 * A preview belongs to the exact request it was made for: the page offers
 * "Send" only while the form still says what the preview showed. Also holds
 * the last refused request (preview or start): its message for the page's
 * alert and the fields it names, so the form can mark them.
 */
export function usePreview<Request, Preview>(
  mutation: UseMutationResult<Preview, unknown, Request>
) {
  const [shown, setShown] = useState<{ key: string; result: Preview } | null>(null);
  const { locale } = useIntl();
  const [refusal, setRefusal] = useState<{ error: unknown } | null>(null);
  const fail = (failure: unknown) => setRefusal({ error: failure });
  return {
    result: shown?.result ?? null,
    isLoading: mutation.isLoading,
    isCurrentFor: (request: Request) => shown !== null && shown.key === JSON.stringify(request),
    run(request: Request) {
      setRefusal(null);
      mutation.mutate(request, {
        onSuccess: (result) => setShown({ key: JSON.stringify(request), result }),
        onError: fail,
      });
    },
    clear: () => setShown(null),
    /** the refusal in the admin's language, for the page's alert */
    error: refusal ? apiErrorMessage(refusal.error, locale) : null,
    /** the reason when the refusal names this field (or a field below it), for Field.Root's `error` */
    errorFor: (field: string) =>
      refusal ? apiErrorForField(refusal.error, field, locale) : undefined,
    fail,
    dismissError: () => setRefusal(null),
  };
}
