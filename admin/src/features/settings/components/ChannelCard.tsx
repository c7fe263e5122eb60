import { Badge, Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { ChannelStatus, MessagingStatus } from '../../../../../shared/contracts/status';
import { getTranslation } from '../../../utils/getTranslation';

interface Props {
  channel: 'sms' | 'threema' | 'email';
  status: ChannelStatus;
  /** the demo bills dry-run SMS and Threema as if real */
  chargedAsReal?: boolean;
}

/** One channel on the home and settings pages: allowed or not, who sends, what is missing, whether its callbacks can be verified. */
export const ChannelCard = ({ channel, status, chargedAsReal = false }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const dryRun = status.provider === 'dry-run';

  return (
    <Box
      padding={5}
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      data-testid={`channel-${channel}`}
      style={{ flex: '1 1 260px' }}
    >
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Flex justifyContent="space-between">
          <Typography variant="delta" tag="h2">
            {t(`channel.${channel}`, channel)}
          </Typography>
          <Badge active={status.enabled} data-testid={`channel-${channel}-enabled`}>
            {status.enabled ? t('status.allowed', 'Allowed') : t('status.off', 'Off')}
          </Badge>
        </Flex>
        <Typography variant="omega">
          {t('status.provider', 'Provider: {provider}', {
            provider: dryRun ? t('provider.dry-run', 'Dry run') : status.provider,
          })}
        </Typography>
        {dryRun && (
          <Typography
            variant="pi"
            textColor="warning600"
            data-testid={`channel-${channel}-dry-run`}
          >
            {t(
              'status.dryRunHint',
              'Dry run: messages are recorded as sent, nothing leaves this server.'
            )}
          </Typography>
        )}
        {dryRun && chargedAsReal && channel !== 'email' && (
          <Typography
            variant="pi"
            textColor="warning600"
            data-testid={`channel-${channel}-charged`}
          >
            {t(
              'status.dryRunCharged',
              'Demo: billed as if sent for real, so usage and budget move.'
            )}
          </Typography>
        )}
        {status.missing.length > 0 && (
          <Typography variant="pi" textColor="neutral600">
            {t('status.missing', 'Missing for the real provider: {names}', {
              names: status.missing.join(', '),
            })}
          </Typography>
        )}
        {status.callbacksVerifiable === false && (
          <Typography
            variant="pi"
            textColor="danger600"
            data-testid={`channel-${channel}-callbacks-unverifiable`}
          >
            {t(
              'status.callbacksUnverifiable',
              "Delivery reports and STOP replies cannot be verified: Twilio's auth token is missing (an API key can only send). They are refused, so no delivery status is recorded. Add providers.sms.providerOptions.authToken (or TWILIO_AUTH_TOKEN)."
            )}
          </Typography>
        )}
        {status.webhookUrl && (
          <Typography
            variant="pi"
            textColor="neutral600"
            data-testid={`channel-${channel}-webhook`}
          >
            {t('status.webhookUrl', 'Delivery reports to: {url}', { url: status.webhookUrl })}
          </Typography>
        )}
        {status.inboundWebhookUrl && (
          <Typography variant="pi" textColor="neutral600">
            {t('status.inboundWebhookUrl', 'Replies (STOP, START) to: {url}', {
              url: status.inboundWebhookUrl,
            })}
          </Typography>
        )}
        <Typography variant="pi" textColor="neutral500">
          {status.source === 'config'
            ? t('status.source.config', 'Set up in the plugin config (providers.{channel})', {
                channel,
              })
            : t('status.source.environment', 'Set up through environment variables')}
        </Typography>
      </Flex>
    </Box>
  );
};

/** The three channels side by side, as the home and settings pages show them. */
export const ChannelCards = ({ status }: { status: MessagingStatus }) => (
  <>
    {(['sms', 'threema', 'email'] as const).map((channel) => (
      <ChannelCard
        key={channel}
        channel={channel}
        status={status.channels[channel]}
        chargedAsReal={status.dryRun.chargeAsReal}
      />
    ))}
  </>
);
