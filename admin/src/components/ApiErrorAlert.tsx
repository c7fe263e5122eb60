import { Alert } from '@strapi/design-system';
import { useT } from '../utils/useT';

/** The server's answer to a refused request (400 names the field, 409 says what is in the way); the form keeps its input. */
export const ApiErrorAlert = ({
  message,
  onClose,
}: {
  message: string | null;
  onClose: () => void;
}) => {
  const t = useT();
  if (!message) return null;
  return (
    <Alert
      variant="danger"
      title={t('bulk.error', 'Not done')}
      closeLabel={t('log.close', 'Close')}
      onClose={onClose}
      data-testid="api-error"
    >
      {message}
    </Alert>
  );
};
