import { Box, Button, Flex, Grid, Modal, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useMessage, useResend } from '../api';
import { apiErrorMessage } from '../../../utils/errors';
import { getTranslation } from '../../../utils/getTranslation';
import { StatusBadge } from './StatusBadge';

const when = (iso: string | null, locale: string) =>
  iso ? new Date(iso).toLocaleString(locale) : '–';

/** One message: text, figures, error and the timeline of its status changes. */
export const MessageDetailModal = ({ id, onClose }: { id: number | null; onClose: () => void }) => {
  const { formatMessage, locale } = useIntl();
  const t = (key: string, defaultMessage: string) =>
    formatMessage({ id: getTranslation(key), defaultMessage });
  const { toggleNotification } = useNotification();
  const { data: message } = useMessage(id);
  const resend = useResend();

  const field = (label: string, value: React.ReactNode) => (
    <Grid.Item col={4} s={12} direction="column" alignItems="flex-start">
      <Typography variant="sigma" textColor="neutral600">
        {label}
      </Typography>
      <Typography variant="omega">{value}</Typography>
    </Grid.Item>
  );

  return (
    <Modal.Root open={id !== null} onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>
            {t('log.detail', 'Message')} #{id}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {message && (
            <Flex direction="column" alignItems="stretch" gap={5} data-testid="message-detail">
              <Flex gap={2}>
                <StatusBadge status={message.status} />
                <Typography variant="pi">{`${message.kind} · ${message.channel} · ${message.recipient ?? ''}`}</Typography>
              </Flex>
              {message.subject && <Typography fontWeight="bold">{message.subject}</Typography>}
              <Box background="neutral100" padding={3} hasRadius>
                <Typography variant="omega" style={{ whiteSpace: 'pre-wrap' }}>
                  {message.body ?? t('log.redacted', '(text removed)')}
                </Typography>
              </Box>
              <Grid.Root gap={3}>
                {field(t('log.segments', 'Segments'), message.segments ?? '–')}
                {field(
                  t('log.cost', 'Cost'),
                  message.costCents === null
                    ? '–'
                    : `${message.costCents.toLocaleString(locale)} ct`
                )}
                {field(t('log.attempts', 'Attempts'), message.attempts)}
                {field(t('log.provider', 'Provider'), message.provider ?? '–')}
                {field(t('log.providerId', 'Provider id'), message.providerMessageId ?? '–')}
                {field(t('log.sentAt', 'Sent'), when(message.sentAt, locale))}
              </Grid.Root>
              {message.reason && (
                <Box background="danger100" padding={3} hasRadius data-testid="message-reason">
                  <Typography textColor="danger700">
                    {locale.startsWith('de') ? message.reason.de : message.reason.en} (
                    {message.errorCode})
                  </Typography>
                </Box>
              )}
              <Box>
                <Typography variant="delta" tag="h3">
                  {t('log.timeline', 'Timeline')}
                </Typography>
                <Box tag="ol" paddingTop={2} data-testid="message-timeline">
                  {message.history.map((entry, index) => (
                    <Flex tag="li" key={index} gap={3} paddingBottom={2}>
                      <Typography variant="pi" textColor="neutral600" style={{ minWidth: 150 }}>
                        {when(entry.at, locale)}
                      </Typography>
                      <StatusBadge status={entry.status} />
                      {entry.note && <Typography variant="pi">{entry.note}</Typography>}
                    </Flex>
                  ))}
                </Box>
              </Box>
            </Flex>
          )}
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('log.close', 'Close')}</Button>
          </Modal.Close>
          {message?.status === 'needs-review' && (
            <Button
              loading={resend.isLoading}
              onClick={() =>
                resend.mutate(message.id, {
                  onSuccess: () =>
                    toggleNotification({
                      type: 'success',
                      message: t('log.resent', 'Queued again'),
                    }),
                  onError: (error) =>
                    toggleNotification({ type: 'danger', message: apiErrorMessage(error) }),
                })
              }
            >
              {t('log.resend', 'Send again')}
            </Button>
          )}
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
