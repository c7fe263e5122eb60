import { useMessagingFetchClient } from '../../practices/useMessagingFetchClient';
import { Badge, Box, Flex, Link, Typography } from '@strapi/design-system';

import { useQuery } from 'react-query';
import { useIntl } from 'react-intl';
import { PluginPage } from '../../../components/PluginPage';
import { PERMISSIONS } from '../../../permissions';
import { PLUGIN_ID } from '../../../pluginId';
import { apiErrorMessage } from '../../../utils/errors';
import { useT } from '../../../utils/useT';

interface DryRunDelivery {
  messageId: number;
  channel: 'sms' | 'threema' | 'email';
  to: string;
  subject: string | null;
  body: string;
  sentAt: string;
}

/** Links in a message become clickable: in the demo, the slip and the download are tried from here. */
const withLinks = (text: string) =>
  text.split(/(https?:\/\/[^\s]+)/g).map((part, index) =>
    /^https?:\/\//.test(part) ? (
      <Link key={index} href={part} isExternal>
        {part}
      </Link>
    ) : (
      <span key={index}>{part}</span>
    )
  );

/**
 * The demo's "Dry-run outbox" (Testversand): every message the dry run
 * "sent", as the client would read it, access codes and links included,
 * so a person can open the slip or try the download with the code.
 */
const DryRunOutboxPage = () => {
  const t = useT();
  const { locale } = useIntl();
  const { get } = useMessagingFetchClient();
  const { data, error, isLoading } = useQuery(
    [PLUGIN_ID, 'dry-run-outbox'],
    async () => (await get<{ data: DryRunDelivery[] }>(`/${PLUGIN_ID}/dry-run-outbox`)).data.data,
    { refetchInterval: 5000, retry: false }
  );
  return (
    <PluginPage
      permissions={PERMISSIONS.logRead}
      title={t('dryRunOutbox.title', 'Dry-run outbox')}
      subtitle={t(
        'dryRunOutbox.subtitle',
        'Demo: what the dry run would have sent, as the client reads it, newest first. Kept in memory only.'
      )}
    >
      {error ? (
        <Box padding={6} background="neutral0" hasRadius>
          <Typography textColor="danger600">{apiErrorMessage(error, locale)}</Typography>
        </Box>
      ) : isLoading || !data ? null : data.length === 0 ? (
        <Box padding={6} background="neutral0" hasRadius>
          <Typography textColor="neutral600">
            {t('dryRunOutbox.empty', 'Nothing sent in the dry run yet.')}
          </Typography>
        </Box>
      ) : (
        <Flex direction="column" alignItems="stretch" gap={3}>
          {data.map((delivery) => (
            <Box
              key={`${delivery.messageId}-${delivery.sentAt}`}
              padding={4}
              background="neutral0"
              hasRadius
              shadow="tableShadow"
              data-testid="dry-run-delivery"
              data-channel={delivery.channel}
            >
              <Flex gap={2} paddingBottom={2} wrap="wrap">
                <Badge>{t(`channel.${delivery.channel}`, delivery.channel)}</Badge>
                <Typography variant="pi" fontWeight="bold">
                  {t('dryRunOutbox.to', 'to {to}', { to: delivery.to })}
                </Typography>
                <Typography variant="pi" textColor="neutral600">
                  {new Date(delivery.sentAt).toLocaleString(locale, {
                    dateStyle: 'short',
                    timeStyle: 'medium',
                  })}
                </Typography>
              </Flex>
              {delivery.subject && (
                <Typography tag="p" fontWeight="semiBold">
                  {delivery.subject}
                </Typography>
              )}
              <Typography tag="p" style={{ whiteSpace: 'pre-wrap' }}>
                {withLinks(delivery.body)}
              </Typography>
            </Box>
          ))}
        </Flex>
      )}
    </PluginPage>
  );
};

export default DryRunOutboxPage;
