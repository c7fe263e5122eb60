import {
  Alert,
  Badge,
  Box,
  Button,
  Flex,
  Grid,
  IconButton,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { Page, useNotification } from '@strapi/strapi/admin';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import type { ChannelUsage, Invoice } from '../../../../../shared/contracts/usage';
import { PluginPage } from '../../../components/PluginPage';
import { UsageChart, type ChartMeasure } from '../components/UsageChart';
import { PERMISSIONS } from '../../../permissions';
import { useInvoiceDownload, useInvoices, useUsage } from '../api';
import { useStatus } from '../../settings/api';
import { apiErrorMessage } from '../../../utils/errors';
import { useFormatMoney } from '../../../utils/money';
import { useT } from '../../../utils/useT';

/**
 * What SMS and Threema cost the practice: this month per channel, the
 * uninvoiced total against the interim-invoice threshold, the last 12 months
 * as a chart, the monthly budget and the invoices with their CSV.
 */
const UsagePage = () => {
  const t = useT();
  const money = useFormatMoney();
  const { locale } = useIntl();
  const { toggleNotification } = useNotification();
  const [measure, setMeasure] = useState<ChartMeasure>('units');
  const [page, setPage] = useState(1);
  const usage = useUsage();
  const { data: status } = useStatus();
  const invoices = useInvoices(page);
  const download = useInvoiceDownload();

  if (usage.isLoading) return <Page.Loading />;
  if (usage.isError || !usage.data) {
    // 403 for an admin without usage.read: Page.Protect says so
    return (
      <Page.Protect permissions={PERMISSIONS.usageRead}>
        <Page.Error />
      </Page.Protect>
    );
  }
  const data = usage.data;
  const current = data.currentMonth;
  const monthLabel = (month: string) =>
    new Date(`${month}-15T12:00:00Z`).toLocaleDateString(locale, {
      month: 'short',
      year: '2-digit',
      timeZone: 'UTC',
    });
  const channelLabel = (channel: 'sms' | 'threema') =>
    t(`channel.${channel}`, channel === 'sms' ? 'SMS' : 'Threema');
  const thresholdShare = Math.min(
    100,
    Math.round((data.uninvoicedTenthCents / Math.max(1, data.interimThresholdTenthCents)) * 100)
  );
  const date = (iso: string | null) =>
    iso ? new Date(`${iso}T12:00:00Z`).toLocaleDateString(locale, { timeZone: 'UTC' }) : '–';

  const channelCard = (channel: 'sms' | 'threema', figures: ChannelUsage) => (
    <Box
      key={channel}
      padding={5}
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      data-testid={`month-${channel}`}
    >
      <Typography variant="sigma" textColor="neutral600">
        {channelLabel(channel)}
      </Typography>
      <Typography variant="alpha" tag="p" paddingTop={1}>
        {money.euro(figures.amountTenthCents)}
      </Typography>
      <Typography variant="pi" tag="p" textColor="neutral600">
        {channel === 'sms'
          ? t('usage.smsUnits', '{units, plural, one {# SMS segment} other {# SMS segments}}', {
              units: figures.units,
            })
          : t('usage.threemaUnits', '{units, plural, one {# message} other {# messages}}', {
              units: figures.units,
            })}
        {' · '}
        {t('usage.freeUsed', '{used} of {quota} free', {
          used: figures.freeUnits,
          quota: data.freeUnitsPerMonth[channel],
        })}
        {' · '}
        {t('usage.unitPrice', '{price} per unit', {
          price: money.unitPrice(data.unitPriceTenthCents[channel]),
        })}
      </Typography>
    </Box>
  );

  const invoiceRow = (invoice: Invoice) => {
    const line = (channel: 'sms' | 'threema') =>
      invoice.lines.filter((entry) => entry.channel === channel);
    const units = (channel: 'sms' | 'threema') =>
      line(channel).reduce((sum, entry) => sum + entry.units, 0);
    return (
      <Tr key={invoice.id} data-testid={`invoice-${invoice.number}`}>
        <Td>
          <Typography fontWeight="bold">{invoice.number}</Typography>
        </Td>
        <Td>
          <Badge active={invoice.kind === 'interim'}>
            {invoice.kind === 'interim'
              ? t('usage.interim', 'Interim')
              : t('usage.regular', 'Regular')}
          </Badge>
        </Td>
        <Td>
          <Typography>{`${date(invoice.periodStart)} – ${date(invoice.periodEnd)}`}</Typography>
        </Td>
        <Td>
          <Typography>{units('sms')}</Typography>
        </Td>
        <Td>
          <Typography>{units('threema')}</Typography>
        </Td>
        <Td>
          <Typography fontWeight="bold">{money.euro(invoice.totalCents * 10)}</Typography>
        </Td>
        <Td>
          <Typography>
            {new Date(invoice.issuedAt).toLocaleDateString(locale, { timeZone: data.timeZone })}
          </Typography>
        </Td>
        <Td>
          <IconButton
            label={t('usage.downloadCsv', 'Download CSV')}
            onClick={() =>
              download.mutate(invoice, {
                onError: (error) =>
                  toggleNotification({ type: 'danger', message: apiErrorMessage(error) }),
              })
            }
          >
            <Download />
          </IconButton>
        </Td>
      </Tr>
    );
  };

  const total = invoices.data?.pagination.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / 12));

  return (
    <PluginPage
      permissions={PERMISSIONS.usageRead}
      title={t('usage.title', 'Usage and costs')}
      subtitle={t(
        'usage.subtitle',
        'SMS {sms} per segment, Threema {threema} per message; {free} free per channel and month. Billed {period}.',
        {
          sms: money.unitPrice(data.unitPriceTenthCents.sms),
          threema: money.unitPrice(data.unitPriceTenthCents.threema),
          free: data.freeUnitsPerMonth.sms,
          period:
            data.billingPeriod === 'yearly'
              ? t('usage.yearly', 'yearly')
              : t('usage.monthly', 'monthly'),
        }
      )}
    >
      <Flex direction="column" alignItems="stretch" gap={5}>
        {status?.dryRun.chargeAsReal && (
          <Alert
            variant="default"
            title={t('usage.demo.title', 'Demo')}
            closeLabel={t('usage.demo.close', 'Hide')}
            data-testid="usage-demo"
          >
            {t(
              'usage.demo.body',
              'The dry run is billed here as if it were real: these figures are a demonstration, nothing was sent.'
            )}
          </Alert>
        )}
        {data.budget.level > 0 && (
          <Alert
            variant={data.budget.level === 100 ? 'danger' : 'warning'}
            title={
              data.budget.level === 100
                ? t('usage.budget.reached', 'Monthly budget reached')
                : t('usage.budget.warning', '80 % of the monthly budget spent')
            }
            closeLabel={t('close', 'Close')}
            data-testid="budget-alert"
          >
            {t(
              'usage.budget.text',
              '{spent} of {budget} spent this month. Messages keep going out.',
              {
                spent: money.euro(data.budget.spentTenthCents),
                budget: money.euro(data.budget.monthlyTenthCents ?? 0),
              }
            )}
          </Alert>
        )}

        <Typography variant="delta" tag="h2">
          {t('usage.thisMonth', 'This month ({month})', { month: monthLabel(current.month) })}
        </Typography>
        <Grid.Root gap={4}>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            {channelCard('sms', current.sms)}
          </Grid.Item>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            {channelCard('threema', current.threema)}
          </Grid.Item>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Box
              padding={5}
              background="neutral0"
              hasRadius
              shadow="tableShadow"
              data-testid="uninvoiced"
            >
              <Typography variant="sigma" textColor="neutral600">
                {t('usage.uninvoiced', 'Not invoiced yet')}
              </Typography>
              <Typography variant="alpha" tag="p" paddingTop={1}>
                {money.euro(data.uninvoicedTenthCents)}
              </Typography>
              <Box paddingTop={2} paddingBottom={1}>
                <Box background="neutral150" hasRadius height="8px" overflow="hidden">
                  <Box
                    background={
                      thresholdShare >= 100
                        ? 'danger500'
                        : thresholdShare >= 80
                          ? 'warning500'
                          : 'primary600'
                    }
                    height="8px"
                    style={{ width: `${thresholdShare}%` }}
                    data-testid="threshold-bar"
                    data-share={thresholdShare}
                  />
                </Box>
              </Box>
              <Typography variant="pi" tag="p" textColor="neutral600">
                {t('usage.threshold', 'An interim invoice is issued above {threshold}', {
                  threshold: money.euro(data.interimThresholdTenthCents),
                })}
              </Typography>
            </Box>
          </Grid.Item>
        </Grid.Root>

        <Box padding={5} background="neutral0" hasRadius shadow="tableShadow">
          <Flex
            justifyContent="space-between"
            alignItems="center"
            paddingBottom={3}
            wrap="wrap"
            gap={2}
          >
            <Typography variant="delta" tag="h2">
              {t('usage.chart', 'Last 12 months')}
            </Typography>
            <Flex gap={2}>
              <Button
                size="S"
                variant={measure === 'units' ? 'default' : 'tertiary'}
                onClick={() => setMeasure('units')}
              >
                {t('usage.chart.units', 'Units')}
              </Button>
              <Button
                size="S"
                variant={measure === 'amount' ? 'default' : 'tertiary'}
                onClick={() => setMeasure('amount')}
              >
                {t('usage.chart.amount', 'Amount')}
              </Button>
            </Flex>
          </Flex>
          <UsageChart
            months={data.months}
            measure={measure}
            monthLabel={monthLabel}
            channelLabel={channelLabel}
            format={(value) => (measure === 'units' ? String(value) : money.euro(value))}
            title={t('usage.chart', 'Last 12 months')}
          />
        </Box>

        <Box padding={5} background="neutral0" hasRadius shadow="tableShadow">
          <Typography variant="delta" tag="h2">
            {t('usage.invoices', 'Invoices')}
          </Typography>
          {total === 0 ? (
            <Typography tag="p" paddingTop={3} textColor="neutral600">
              {t(
                'usage.invoices.none',
                'No invoice yet. The first one is issued at the end of the billing period, or earlier above the threshold.'
              )}
            </Typography>
          ) : (
            <Box paddingTop={3}>
              <Table colCount={8} rowCount={(invoices.data?.data.length ?? 0) + 1}>
                <Thead>
                  <Tr>
                    <Th>
                      <Typography variant="sigma">{t('usage.col.number', 'Number')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('usage.col.kind', 'Kind')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('usage.col.period', 'Period')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('channel.sms', 'SMS')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('channel.threema', 'Threema')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('usage.col.total', 'Total')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('usage.col.issued', 'Issued')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">CSV</Typography>
                    </Th>
                  </Tr>
                </Thead>
                <Tbody>{(invoices.data?.data ?? []).map(invoiceRow)}</Tbody>
              </Table>
              {pages > 1 && (
                <Flex gap={2} paddingTop={3} justifyContent="flex-end" alignItems="center">
                  <Button
                    size="S"
                    variant="tertiary"
                    disabled={page <= 1}
                    onClick={() => setPage(page - 1)}
                  >
                    {t('pagination.previous', 'Previous')}
                  </Button>
                  <Typography variant="pi">{`${page} / ${pages}`}</Typography>
                  <Button
                    size="S"
                    variant="tertiary"
                    disabled={page >= pages}
                    onClick={() => setPage(page + 1)}
                  >
                    {t('pagination.next', 'Next')}
                  </Button>
                </Flex>
              )}
            </Box>
          )}
        </Box>
      </Flex>
    </PluginPage>
  );
};

export default UsagePage;
