import { Alert, Box, Button, Flex, LinkButton, Typography } from '@strapi/design-system';
import { ChartPie, Cog, CrossCircle, Feather, List, PaperPlane, Clock, Eye } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link } from 'react-router-dom';
import { ChannelCards } from '../components/ChannelCard';
import { useAllowed } from '../../../hooks/useAllowed';
import { useUsage } from '../../billing/api';
import { useHostMapping, usePlanningFailures, useRetryPlanning } from '../../notices/api';
import { useStatus, useUnreachableClients } from '../api';
import { useFormatMoney } from '../../../utils/money';
import { PERMISSIONS } from '../../../permissions';
import { getTranslation } from '../../../utils/getTranslation';

export const HomePage = () => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) =>
    formatMessage({ id: getTranslation(id), defaultMessage });
  const { data: status, isLoading, isError } = useStatus();
  const { data: unreachable } = useUnreachableClients();
  const { data: planning } = usePlanningFailures();
  const { data: mapping } = useHostMapping();
  const retryPlanning = useRetryPlanning();
  const mayBulkSend = useAllowed(PERMISSIONS.bulkSend);
  const mayMassCancel = useAllowed(PERMISSIONS.massCancel);
  const mayReadUsage = useAllowed(PERMISSIONS.usageRead);
  const mayOperate = useAllowed(PERMISSIONS.operatorRead);
  const { data: usage } = useUsage(mayReadUsage);
  const money = useFormatMoney();

  if (isLoading) return <Page.Loading />;
  if (isError || !status) return <Page.Error />;

  return (
    <Page.Main>
      <Page.Title>{t('plugin.name', 'Messaging')}</Page.Title>
      <Layouts.Header
        title={t('plugin.name', 'Messaging')}
        subtitle={t('home.subtitle', 'SMS, Threema and e-mail to your clients')}
        primaryAction={
          <Flex gap={2} wrap="wrap" justifyContent="flex-end">
            {mayBulkSend && (
              <LinkButton tag={Link} to="bulk" startIcon={<PaperPlane />}>
                {t('home.bulk', 'Bulk message')}
              </LinkButton>
            )}
            {mayMassCancel && (
              <LinkButton
                tag={Link}
                to="mass-cancellation"
                startIcon={<CrossCircle />}
                variant="danger-light"
              >
                {t('home.massCancel', 'Mass cancellation')}
              </LinkButton>
            )}
            <LinkButton tag={Link} to="templates" startIcon={<Feather />} variant="secondary">
              {t('home.templates', 'Templates')}
            </LinkButton>
            {mayReadUsage && (
              <LinkButton tag={Link} to="usage" startIcon={<ChartPie />} variant="secondary">
                {t('home.usage', 'Usage and costs')}
              </LinkButton>
            )}
            {mayOperate && (
              <LinkButton tag={Link} to="operator" startIcon={<ChartPie />} variant="secondary">
                {t('home.operator', 'All practices')}
              </LinkButton>
            )}
            <LinkButton tag={Link} to="log" startIcon={<List />} variant="secondary">
              {t('home.log', 'Send log')}
            </LinkButton>
            <LinkButton tag={Link} to="waitlist" startIcon={<Clock />} variant="secondary">
              {t('home.waitlist', 'Waitlist')}
            </LinkButton>
            {status.dryRun.outbox && (
              <LinkButton tag={Link} to="dry-run-outbox" startIcon={<Eye />} variant="secondary">
                {t('home.dryRunOutbox', 'Dry-run outbox')}
              </LinkButton>
            )}
            <LinkButton tag={Link} to="/settings/messaging" startIcon={<Cog />} variant="secondary">
              {t('home.settings', 'Settings')}
            </LinkButton>
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {usage && usage.budget.level > 0 && (
            <Alert
              variant={usage.budget.level === 100 ? 'danger' : 'warning'}
              title={
                usage.budget.level === 100
                  ? t('usage.budget.reached', 'Monthly budget reached')
                  : t('usage.budget.warning', '80 % of the monthly budget spent')
              }
              closeLabel={t('close', 'Close')}
              action={<Link to="usage">{t('home.usage', 'Usage and costs')}</Link>}
              data-testid="home-budget-alert"
            >
              {formatMessage(
                {
                  id: getTranslation('usage.budget.text'),
                  defaultMessage: '{spent} of {budget} spent this month. Messages keep going out.',
                },
                {
                  spent: money.euro(usage.budget.spentTenthCents),
                  budget: money.euro(usage.budget.monthlyTenthCents ?? 0),
                }
              )}
            </Alert>
          )}
          <Typography variant="omega" textColor="neutral600">
            {t('home.channels', 'Channels of this practice')}
          </Typography>
          <Flex gap={4} wrap="wrap" alignItems="stretch">
            <ChannelCards status={status} />
          </Flex>
          <Typography variant="omega" textColor="neutral600">
            {t('home.messages', 'Messages of the last four weeks')}
          </Typography>
          <Flex gap={4} wrap="wrap">
            {(['queued', 'sent', 'delivered', 'failed', 'needs-review'] as const).map((name) => (
              <Box
                key={name}
                padding={4}
                background={
                  name === 'needs-review' && (status.counts[name] ?? 0) > 0
                    ? 'warning100'
                    : 'neutral0'
                }
                hasRadius
                shadow="tableShadow"
                data-testid={`count-${name}`}
                style={{ minWidth: 150 }}
              >
                <Typography variant="alpha" tag="p">
                  {status.counts[name] ?? 0}
                </Typography>
                <Typography variant="pi" textColor="neutral600">
                  {t(`status.${name}`, name)}
                </Typography>
              </Box>
            ))}
          </Flex>
          {planning && planning.total > 0 && (
            <Box
              padding={5}
              background="danger100"
              hasRadius
              shadow="tableShadow"
              data-testid="planning-failures"
            >
              <Flex justifyContent="space-between" alignItems="flex-start" gap={4}>
                <Typography variant="delta" tag="h2" textColor="danger700">
                  {t('home.planning', 'Appointments whose notices could not be planned')} (
                  {planning.total})
                </Typography>
                <Button
                  variant="danger-light"
                  loading={retryPlanning.isLoading}
                  onClick={() => retryPlanning.mutate(undefined)}
                >
                  {t('home.planning.retryAll', 'Plan all again')}
                </Button>
              </Flex>
              <Typography tag="p" variant="pi" textColor="danger700" paddingTop={1}>
                {t('home.planning.hint', 'It is tried again by itself and after every restart.')}
              </Typography>
              <Box tag="ul" paddingTop={2}>
                {planning.items.map((item) => (
                  <Box tag="li" key={item.appointmentDocumentId} paddingBottom={1}>
                    <Link
                      to={`/content-manager/collection-types/${mapping?.appointmentUid ?? ''}/${item.appointmentDocumentId}`}
                    >
                      <Typography variant="pi" textColor="danger700">
                        {formatMessage(
                          {
                            id: getTranslation('home.planning.row'),
                            defaultMessage:
                              'Appointment {id}: {reason} ({attempts, plural, one {# try} other {# tries}})',
                          },
                          {
                            id: item.appointmentDocumentId,
                            reason: item.error ?? '–',
                            attempts: item.attempts,
                          }
                        )}
                      </Typography>
                    </Link>
                  </Box>
                ))}
              </Box>
            </Box>
          )}
          <Box
            padding={5}
            background="neutral0"
            hasRadius
            shadow="tableShadow"
            data-testid="unreachable"
          >
            <Typography variant="delta" tag="h2">
              {t('home.unreachable', 'Clients no automatic notice reaches')}
            </Typography>
            {unreachable && unreachable.length === 0 && (
              <Typography tag="p" textColor="success600" paddingTop={2}>
                {t('home.unreachable.none', 'Every client can be reached on at least one channel.')}
              </Typography>
            )}
            <Box tag="ul" paddingTop={2}>
              {(unreachable ?? []).slice(0, 20).map((client) => (
                <Box tag="li" key={client.clientId} paddingBottom={1}>
                  <Typography fontWeight="bold">{client.name}</Typography>{' '}
                  <Typography variant="pi" textColor="neutral600">
                    {client.reasons
                      .map((reason) => {
                        // the server names each as "channel: code" (e.g. "sms: no-consent")
                        const [channel, code] = reason.split(': ');
                        return code
                          ? `${t(`channel.${channel}`, channel)}: ${t(`reason.${code}`, code)}`
                          : t(`reason.${reason}`, reason);
                      })
                      .join(', ')}
                  </Typography>
                </Box>
              ))}
            </Box>
            {unreachable && unreachable.length > 20 && (
              <Typography variant="pi" textColor="neutral600">
                {formatMessage(
                  {
                    id: getTranslation('home.unreachable.more'),
                    defaultMessage: 'and {count} more',
                  },
                  { count: unreachable.length - 20 }
                )}
              </Typography>
            )}
          </Box>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};
