import { Button, Field, Flex, Modal, TextInput, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';
import type { PriceOverrides } from '../../../../../shared/contracts/settings';
import { apiErrorMessage } from '../../../utils/errors';
import { centsText, parseCents, useFormatMoney } from '../../../utils/money';
import { useT } from '../../../utils/useT';
import { useSetPrices } from '../api';

const CHANNELS = [
  { channel: 'sms', field: 'smsTenthCents' },
  { channel: 'threema', field: 'threemaTenthCents' },
] as const;

export interface PricedPractice {
  practice: string;
  name: string;
  priceOverrides: PriceOverrides;
}

/**
 * The operator's prices for one practice, in cents as typed ("8", "1,5").
 * Empty means the plugin's standard price; charges already made keep theirs.
 */
export const PricesDialog = ({
  practice,
  standard,
  onClose,
}: {
  practice: PricedPractice | null;
  standard: Record<'sms' | 'threema', number>;
  onClose: () => void;
}) => {
  const t = useT();
  const money = useFormatMoney();
  const { toggleNotification } = useNotification();
  const save = useSetPrices();
  const [form, setForm] = useState({ sms: '', threema: '' });
  useEffect(() => {
    if (practice)
      setForm({
        sms: centsText(practice.priceOverrides.smsTenthCents),
        threema: centsText(practice.priceOverrides.threemaTenthCents),
      });
  }, [practice]);
  const parsed = { sms: parseCents(form.sms), threema: parseCents(form.threema) };
  const valid = parsed.sms !== undefined && parsed.threema !== undefined;

  const submit = () => {
    if (!practice || !valid) return;
    save.mutate(
      {
        practice: practice.practice,
        prices: { smsTenthCents: parsed.sms ?? null, threemaTenthCents: parsed.threema ?? null },
      },
      {
        onSuccess: () => {
          toggleNotification({
            type: 'success',
            message: t('operator.prices.saved', 'Prices of {name} saved', { name: practice.name }),
          });
          onClose();
        },
        onError: (error) => toggleNotification({ type: 'danger', message: apiErrorMessage(error) }),
      }
    );
  };

  return (
    <Modal.Root open={practice !== null} onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>
            {t('operator.prices.title', 'Prices of {name}', { name: practice?.name ?? '' })}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4} data-testid="prices-dialog">
            <Typography textColor="neutral600">
              {t(
                'operator.prices.intro',
                'Applies to every message charged from now on; charges already made keep their price. Empty: the standard price.'
              )}
            </Typography>
            {CHANNELS.map(({ channel }) => (
              <Field.Root
                key={channel}
                name={`price-${channel}`}
                hint={t('operator.prices.standard', 'Standard price: {price}', {
                  price: money.unitPrice(standard[channel]),
                })}
                error={
                  parsed[channel] === undefined
                    ? t(
                        'operator.prices.invalid',
                        'Enter a price in cents from 0 to 1000, e.g. 8 or 1,5'
                      )
                    : undefined
                }
              >
                <Field.Label>
                  {channel === 'sms'
                    ? t('operator.prices.sms', 'SMS per segment (ct)')
                    : t('operator.prices.threema', 'Threema per message (ct)')}
                </Field.Label>
                <TextInput
                  value={form[channel]}
                  placeholder={centsText(standard[channel])}
                  onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                    setForm({ ...form, [channel]: event.target.value })
                  }
                />
                <Field.Hint />
                <Field.Error />
              </Field.Root>
            ))}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('operator.prices.cancel', 'Cancel')}</Button>
          </Modal.Close>
          <Button onClick={submit} disabled={!valid} loading={save.isLoading}>
            {t('operator.prices.save', 'Save prices')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
