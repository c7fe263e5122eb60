import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Lock, Message } from '@strapi/icons';
import type { PanelComponent, PanelComponentProps } from '@strapi/content-manager/strapi-admin';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useIntl } from 'react-intl';
import type { MessageSummary } from '../../../../../shared/contracts/messages';
import {
  useHostMapping,
  usePanel,
  useRetryPlanning,
  type AppointmentPanelData,
  type ClientPanelData,
} from '../api';
import {
  RecordPracticeContext,
  setActingPractice,
  useActingPractice,
} from '../../practices/actingPractice';
import { useRelease, useReleaseAction } from '../../access/hooks/useReleases';
import { ClientDataActions } from '../../privacy/components/ClientDataActions';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { apiErrorMessage } from '../../../utils/errors';
import { getTranslation } from '../../../utils/getTranslation';
import { PLUGIN_ID } from '../../../pluginId';
import { SlipActions } from '../../access/components/SlipActions';
import { SendMessageDialog } from './SendMessageDialog';
import { StatusBadge } from '../../outbox/components/StatusBadge';
import { BUBBLE } from './NotificationBubble';
import { maskRecipient } from '../../../../../shared/mask';

const MessageList = ({
  messages,
  logFilter,
}: {
  messages: MessageSummary[];
  logFilter?: string;
}) => {
  const { formatMessage, locale } = useIntl();
  // inside a panel this is the record's practice: the log it opens acts for it (the switcher follows)
  const practice = useActingPractice();
  const allLink = logFilter ? (
    <RouterLink
      to={`/plugins/${PLUGIN_ID}/log?${logFilter}`}
      data-testid="panel-log-link"
      onClick={() => practice && setActingPractice(practice)}
    >
      <Typography variant="pi" textColor="primary600">
        {formatMessage({
          id: getTranslation('panel.allInLog'),
          defaultMessage: 'All messages in the send log',
        })}
      </Typography>
    </RouterLink>
  ) : null;
  if (messages.length === 0) {
    return (
      <Typography variant="pi" textColor="neutral600">
        {formatMessage({
          id: getTranslation('panel.noMessages'),
          defaultMessage: 'No messages yet.',
        })}
      </Typography>
    );
  }
  return (
    <Box>
      <Box tag="ul" data-testid="panel-log">
        {messages.slice(0, 8).map((message) => (
          <Flex tag="li" key={message.id} gap={2} paddingBottom={1} wrap="wrap">
            <StatusBadge status={message.status} />
            <Typography variant="pi">
              {formatMessage({
                id: getTranslation(`kind.${message.kind}`),
                defaultMessage: message.kind,
              })}{' '}
              ·{' '}
              {formatMessage({
                id: getTranslation(`channel.${message.channel}`),
                defaultMessage: message.channel,
              })}
              {message.createdAt
                ? ` · ${new Date(message.createdAt).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' })}`
                : ''}
            </Typography>
          </Flex>
        ))}
      </Box>
      {allLink}
    </Box>
  );
};

const AppointmentPanelContent = ({ documentId }: { documentId: string }) => {
  const { formatMessage, locale } = useIntl();
  const t = (id: string, defaultMessage: string) =>
    formatMessage({ id: getTranslation(id), defaultMessage });
  const { data } = usePanel<AppointmentPanelData>('appointments', documentId);
  const [open, setOpen] = useState(false);
  if (!data) return null;
  return (
    // everything the panel does acts for the appointment's own practice
    <RecordPracticeContext.Provider value={data.practice}>
      <Flex direction="column" alignItems="stretch" gap={3} data-testid="appointment-panel">
        {!data.published && (
          <Typography variant="pi" textColor="neutral700" data-testid="appointment-draft">
            {t('panel.draft', 'Draft: the client is told only once the appointment is published.')}
          </Typography>
        )}
        {data.planning && (
          <Box padding={3} background="danger100" hasRadius data-testid="planning-failure">
            <Typography variant="pi" fontWeight="bold" textColor="danger700" tag="p">
              {t('panel.planningFailed', 'The notices for this appointment could not be planned.')}
            </Typography>
            {data.planning.error && (
              <Typography variant="pi" textColor="danger700" tag="p">
                {formatMessage(
                  {
                    id: getTranslation('panel.planningReason'),
                    defaultMessage: 'Reason: {reason}',
                  },
                  { reason: data.planning.error }
                )}
              </Typography>
            )}
            <Box paddingTop={2}>
              <RetryPlanningButton documentId={documentId} />
            </Box>
          </Box>
        )}
        <Flex gap={2} data-testid="notify-indicator" data-indicator={data.indicator}>
          <Box color={BUBBLE[data.indicator]}>
            <Message width="2rem" height="2rem" fill="currentColor" />
          </Box>
          <Flex direction="column" alignItems="flex-start">
            <Typography fontWeight="bold">
              {t(`panel.indicator.${data.indicator}`, data.indicator)}
            </Typography>
            {data.indicator === 'queued' && data.plannedAt && (
              <Typography variant="pi" textColor="neutral600" data-testid="notify-planned">
                {formatMessage(
                  { id: getTranslation('panel.plannedAt'), defaultMessage: 'goes out {when}' },
                  {
                    when: new Date(data.plannedAt).toLocaleString(locale, {
                      dateStyle: 'short',
                      timeStyle: 'short',
                    }),
                  }
                )}
              </Typography>
            )}
          </Flex>
        </Flex>
        {data.slip && <SlipActions slip={data.slip} />}
        <MessageList messages={data.messages} logFilter={`appointment=${documentId}`} />
        <Button
          startIcon={<Message />}
          variant="secondary"
          onClick={() => setOpen(true)}
          disabled={data.channels.length === 0}
          fullWidth
        >
          {t('panel.compose', 'Send a message')}
        </Button>
        {data.channels.length === 0 && (
          <Typography variant="pi" textColor="danger600">
            {t('panel.noChannel', 'The client cannot be reached on any allowed channel.')}
          </Typography>
        )}
        <SendMessageDialog
          open={open}
          onClose={() => setOpen(false)}
          channels={data.channels}
          drafts={data.drafts}
          appointmentId={documentId}
        />
      </Flex>
    </RecordPracticeContext.Provider>
  );
};

/** "Plan again": inside the panel, so it acts for the appointment's practice. */
const RetryPlanningButton = ({ documentId }: { documentId: string }) => {
  const { formatMessage } = useIntl();
  const retry = useRetryPlanning();
  return (
    <Button
      size="S"
      variant="danger-light"
      loading={retry.isLoading}
      onClick={() => retry.mutate(documentId)}
    >
      {formatMessage({ id: getTranslation('panel.planningRetry'), defaultMessage: 'Plan again' })}
    </Button>
  );
};

const ClientPanelContent = ({ documentId }: { documentId: string }) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) =>
    formatMessage({ id: getTranslation(id), defaultMessage });
  const { data } = usePanel<ClientPanelData>('clients', documentId);
  const [open, setOpen] = useState(false);
  if (!data) return null;
  return (
    <RecordPracticeContext.Provider value={data.practice}>
      <Flex direction="column" alignItems="stretch" gap={3} data-testid="client-panel">
        {data.client.smsOptedOut && (
          <Typography variant="pi" textColor="warning600" data-testid="sms-opted-out">
            {t('panel.optedOut', 'SMS switched off: the client opted out (STOP).')}
          </Typography>
        )}
        <MessageList messages={data.messages} logFilter={`client=${documentId}`} />
        <Button
          startIcon={<Message />}
          variant="secondary"
          onClick={() => setOpen(true)}
          disabled={data.channels.length === 0}
          fullWidth
        >
          {t('panel.compose', 'Send a message')}
        </Button>
        <SendMessageDialog
          open={open}
          onClose={() => setOpen(false)}
          channels={data.channels}
          clientId={documentId}
        />
        <ClientDataActions documentId={documentId} />
      </Flex>
    </RecordPracticeContext.Provider>
  );
};

const masked = (to: string | null) => (to ? maskRecipient(to) : '–');

/** Why a request failed, as the server worded it in the admin's language. */
const errorText = (error: unknown, locale: string): string | null =>
  error ? apiErrorMessage(error, locale) : null;

const DocumentPanelContent = ({ documentId }: { documentId: string }) => {
  const { formatMessage, locale } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { data } = useRelease(documentId);
  const action = useReleaseAction(documentId);
  const [outcome, setOutcome] = useState<string | null>(null);
  if (!data) return null;
  const when = (iso?: string | null) =>
    iso ? new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' }) : '–';
  const problem = errorText(action.error, locale);
  const run = (which: 'release' | 'new-code') => {
    setOutcome(null);
    action.mutate(which, {
      onSuccess: (result) =>
        setOutcome(
          which === 'release'
            ? result.delivery === 'self-service'
              ? t(
                  'release.done.selfService',
                  'Released: the e-mail with the link is on its way; the client asks for the code on the page.'
                )
              : t(
                  'release.done.standard',
                  'Released: the e-mail with the link is on its way, the code follows separately.'
                )
            : result.delivery === 'self-service'
              ? t('release.done.newCodeSelfService', 'Done: the client can ask for a new code.')
              : t('release.done.newCode', 'Done: the new code is on its way.')
        ),
    });
  };
  const codeMessage = [...(data.messages ?? [])]
    .filter((message) => message.kind === 'access-code')
    .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''))[0];
  return (
    <Flex
      direction="column"
      alignItems="stretch"
      gap={3}
      data-testid="document-panel"
      data-released={data.released}
      data-locked={Boolean(data.locked)}
    >
      {!data.released ? (
        <Typography variant="pi" textColor="neutral600">
          {t('release.none', 'Not released to the client yet.')}
        </Typography>
      ) : (
        <Flex direction="column" alignItems="stretch" gap={1}>
          {data.locked && (
            <Typography
              variant="pi"
              fontWeight="bold"
              textColor="danger600"
              data-testid="release-locked"
            >
              {t(
                'release.locked',
                'Locked after {count} wrong codes. Give the client a new code.',
                { count: data.failedAttempts ?? 0 }
              )}
            </Typography>
          )}
          {data.revoked ? (
            <Typography
              variant="pi"
              fontWeight="bold"
              textColor="danger600"
              data-testid="release-revoked"
            >
              {t('release.revoked', 'Revoked: the link and the file are no longer reachable.')}
            </Typography>
          ) : (
            data.expired && (
              <Typography variant="pi" textColor="warning600">
                {t('release.expired', 'The link has expired.')}
              </Typography>
            )
          )}
          <Typography variant="pi">
            {codeMessage
              ? t(
                  'release.codeSentBy',
                  'Code sent by {channel} to {to}, separately from the e-mail with the link',
                  {
                    channel: t(`channel.${codeMessage.channel}`, codeMessage.channel),
                    to: masked(codeMessage.recipient),
                  }
                )
              : t(
                  `release.delivery.${data.delivery}`,
                  data.delivery === 'self-service'
                    ? 'Code on request (self-service)'
                    : 'Code by SMS or Threema, separately from the e-mail'
                )}
          </Typography>
          <Typography variant="pi">
            {t('release.valid', 'Released {from}, valid until {until}', {
              from: when(data.createdAt),
              until: when(data.expiresAt),
            })}
          </Typography>
          <Typography variant="pi" data-testid="release-downloads">
            {t('release.downloads', 'Downloads: {count}', { count: data.downloads?.length ?? 0 })}
            {data.downloads?.length ? ` · ${when(data.downloads.at(-1)!.at)}` : ''}
          </Typography>
          {data.codeRequestsCapped && (
            <Typography
              variant="pi"
              fontWeight="bold"
              textColor="warning600"
              data-testid="release-capped"
            >
              {t(
                'release.capped',
                'The client has asked for {count, plural, one {# code} other {# codes}}, the most one link allows. Give a new code if they still need one.',
                { count: data.codeRequests ?? 0 }
              )}
            </Typography>
          )}
          {!data.locked && (data.failedAttempts ?? 0) > 0 && (
            <Typography variant="pi" textColor="warning600">
              {t('release.attempts', 'Wrong codes so far: {count}', {
                count: data.failedAttempts ?? 0,
              })}
            </Typography>
          )}
          <MessageList messages={(data.messages ?? []) as unknown as MessageSummary[]} />
        </Flex>
      )}
      {problem && (
        <Typography variant="pi" textColor="danger600" data-testid="release-error">
          {problem}
        </Typography>
      )}
      {outcome && (
        <Typography variant="pi" textColor="success600" data-testid="release-outcome">
          {outcome}
        </Typography>
      )}
      <ConfirmButton
        label={
          data.released
            ? t('release.again', 'Release again (new link)')
            : t('release.do', 'Release to client')
        }
        title={t('release.confirm.title', 'Release the document to the client?')}
        startIcon={<Lock />}
        loading={action.isLoading}
        onConfirm={() => run('release')}
      >
        {data.delivery === 'self-service'
          ? t(
              'release.confirm.selfService',
              'The client gets an e-mail with the link; each code they ask for is an SMS the practice pays.'
            )
          : t(
              'release.confirm.standard',
              'The client gets an e-mail with the link, and the access code separately by SMS or Threema (billed).'
            )}
      </ConfirmButton>
      {data.released && !data.expired && (
        <ConfirmButton
          label={t('release.newCode', 'New access code')}
          title={t('release.newCode.title', 'Give the client a new access code?')}
          loading={action.isLoading}
          onConfirm={() => run('new-code')}
        >
          {data.delivery === 'self-service'
            ? t(
                'release.newCode.selfService',
                'The old code stops working and the lock is lifted; the client can ask for a code again.'
              )
            : t(
                'release.newCode.standard',
                'The old code stops working; the new one goes to the client by SMS or Threema (billed).'
              )}
        </ConfirmButton>
      )}
      {data.released && !data.expired && (
        <ConfirmButton
          label={t('release.revoke', 'Revoke release')}
          title={t('release.revoke.title', 'Revoke the release?')}
          variant="danger"
          loading={action.isLoading}
          onConfirm={() => action.mutate('revoke')}
        >
          {t(
            'release.revoke.text',
            'The link stops working at once, also with the right code. To give the document again, release it anew.'
          )}
        </ConfirmButton>
      )}
    </Flex>
  );
};

/** The side panel on appointments, clients and documents in the Content Manager's edit view. */
export const MessagingPanel: PanelComponent = ({ model, documentId }: PanelComponentProps) => {
  const { formatMessage } = useIntl();
  const { data: mapping } = useHostMapping();
  if (!mapping || !documentId) return null;
  const title = formatMessage({ id: getTranslation('panel.title'), defaultMessage: 'Messages' });
  if (model === mapping.appointmentUid)
    return { title, content: <AppointmentPanelContent documentId={documentId} /> };
  if (model === mapping.clientUid)
    return { title, content: <ClientPanelContent documentId={documentId} /> };
  if (mapping.documentUid && model === mapping.documentUid) {
    return {
      title: formatMessage({
        id: getTranslation('release.title'),
        defaultMessage: 'Secure download',
      }),
      content: <DocumentPanelContent documentId={documentId} />,
    };
  }
  return null;
};
