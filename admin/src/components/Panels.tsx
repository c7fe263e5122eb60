import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Message } from '@strapi/icons';
import type { PanelComponent, PanelComponentProps } from '@strapi/content-manager/strapi-admin';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import type { MessageSummary } from '../../../shared/contracts/messages';
import { useHostMapping, usePanel, type AppointmentPanelData, type ClientPanelData } from '../hooks/useMessagingApi';
import { getTranslation } from '../utils/getTranslation';
import { SendMessageDialog } from './SendMessageDialog';
import { StatusBadge } from './StatusBadge';

const BUBBLE: Record<AppointmentPanelData['indicator'], string> = {
  none: 'neutral500',
  queued: 'primary600',
  sent: 'success600',
  delivered: 'success700',
  failed: 'danger600',
};

const MessageList = ({ messages }: { messages: MessageSummary[] }) => {
  const { formatMessage, locale } = useIntl();
  if (messages.length === 0) {
    return (
      <Typography variant="pi" textColor="neutral600">
        {formatMessage({ id: getTranslation('panel.noMessages'), defaultMessage: 'No messages yet.' })}
      </Typography>
    );
  }
  return (
    <Box tag="ul" data-testid="panel-log">
      {messages.slice(0, 8).map((message) => (
        <Flex tag="li" key={message.id} gap={2} paddingBottom={1} wrap="wrap">
          <StatusBadge status={message.status} />
          <Typography variant="pi">
            {formatMessage({ id: getTranslation(`kind.${message.kind}`), defaultMessage: message.kind })} ·{' '}
            {formatMessage({ id: getTranslation(`channel.${message.channel}`), defaultMessage: message.channel })}
            {message.createdAt ? ` · ${new Date(message.createdAt).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' })}` : ''}
          </Typography>
        </Flex>
      ))}
    </Box>
  );
};

const AppointmentPanelContent = ({ documentId }: { documentId: string }) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const { data } = usePanel<AppointmentPanelData>('appointments', documentId);
  const [open, setOpen] = useState(false);
  if (!data) return null;
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="appointment-panel">
      <Flex gap={2} data-testid="notify-indicator" data-indicator={data.indicator}>
        <Box color={BUBBLE[data.indicator]}>
          <Message width="2rem" height="2rem" fill="currentColor" />
        </Box>
        <Typography fontWeight="bold">{t(`panel.indicator.${data.indicator}`, data.indicator)}</Typography>
      </Flex>
      <MessageList messages={data.messages} />
      <Button startIcon={<Message />} variant="secondary" onClick={() => setOpen(true)} disabled={data.channels.length === 0} fullWidth>
        {t('panel.compose', 'Send a message')}
      </Button>
      {data.channels.length === 0 && (
        <Typography variant="pi" textColor="danger600">
          {t('panel.noChannel', 'The client cannot be reached on any allowed channel.')}
        </Typography>
      )}
      <SendMessageDialog open={open} onClose={() => setOpen(false)} channels={data.channels} drafts={data.drafts} appointmentId={documentId} />
    </Flex>
  );
};

const ClientPanelContent = ({ documentId }: { documentId: string }) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const { data } = usePanel<ClientPanelData>('clients', documentId);
  const [open, setOpen] = useState(false);
  if (!data) return null;
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="client-panel">
      {data.client.smsOptedOut && (
        <Typography variant="pi" textColor="warning600" data-testid="sms-opted-out">
          {t('panel.optedOut', 'SMS switched off: the client opted out (STOP).')}
        </Typography>
      )}
      <MessageList messages={data.messages} />
      <Button startIcon={<Message />} variant="secondary" onClick={() => setOpen(true)} disabled={data.channels.length === 0} fullWidth>
        {t('panel.compose', 'Send a message')}
      </Button>
      <SendMessageDialog open={open} onClose={() => setOpen(false)} channels={data.channels} clientId={documentId} />
    </Flex>
  );
};

/** The side panel on appointments and clients in the Content Manager's edit view. */
export const MessagingPanel: PanelComponent = ({ model, documentId }: PanelComponentProps) => {
  const { formatMessage } = useIntl();
  const { data: mapping } = useHostMapping();
  if (!mapping || !documentId) return null;
  const title = formatMessage({ id: getTranslation('panel.title'), defaultMessage: 'Messages' });
  if (model === mapping.appointmentUid) return { title, content: <AppointmentPanelContent documentId={documentId} /> };
  if (model === mapping.clientUid) return { title, content: <ClientPanelContent documentId={documentId} /> };
  return null;
};
