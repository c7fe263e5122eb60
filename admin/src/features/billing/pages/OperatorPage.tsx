import {
  Box,
  Button,
  Flex,
  IconButton,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { ChevronLeft, ChevronRight, Download, Pencil } from '@strapi/icons';
import { Page, useNotification } from '@strapi/strapi/admin';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { PluginPage } from '../../../components/PluginPage';
import { PERMISSIONS } from '../../../permissions';
import { apiErrorMessage } from '../../../utils/errors';
import { useFormatMoney } from '../../../utils/money';
import { useT } from '../../../utils/useT';
import { useBillingRunDownload, useOperatorOverview } from '../api';
import { PricesDialog, type PricedPractice } from '../components/PricesDialog';
import { useAllowed } from '../../../hooks/useAllowed';

const CHANNELS = ['sms', 'threema'] as const;

const shiftMonth = (month: string, by: number) => {
  const [year, number] = month.split('-').map(Number);
  const date = new Date(Date.UTC(year, number - 1 + by, 1));
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
};

/**
 * The platform operator's page (Messaging → Betreiber): every practice's
 * month per channel (units, free units, amount, not yet invoiced), the
 * invoices the month's billing run issued, and that run as CSV.
 */
const OperatorPage = () => {
  const t = useT();
  const money = useFormatMoney();
  const { locale } = useIntl();
  const { toggleNotification } = useNotification();
  const [month, setMonth] = useState<string | null>(null);
  const overview = useOperatorOverview(month);
  const download = useBillingRunDownload();
  const mayPrice = useAllowed(PERMISSIONS.operatorPrices);
  const [pricing, setPricing] = useState<PricedPractice | null>(null);

  if (overview.isLoading) return <Page.Loading />;
  if (overview.isError || !overview.data) {
    return (
      <PluginPage
        permissions={PERMISSIONS.operatorRead}
        title={t('operator.title', 'All practices')}
        subtitle=""
      >
        <Typography textColor="danger600" data-testid="operator-error">
          {apiErrorMessage(overview.error)}
        </Typography>
      </PluginPage>
    );
  }
  const data = overview.data;
  const monthLabel = new Date(`${data.month}-15T12:00:00Z`).toLocaleDateString(locale, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const channelLabel = (channel: 'sms' | 'threema') =>
    t(`channel.${channel}`, channel === 'sms' ? 'SMS' : 'Threema');

  return (
    <PluginPage
      permissions={PERMISSIONS.operatorRead}
      title={t('operator.title', 'All practices')}
      subtitle={t(
        'operator.subtitle',
        'Usage of every practice per channel, and the invoices to pass on. SMS and Threema are billed separately.'
      )}
    >
      <Flex direction="column" alignItems="stretch" gap={5}>
        <Flex gap={3} alignItems="center">
          <Button
            variant="tertiary"
            startIcon={<ChevronLeft />}
            onClick={() => setMonth(shiftMonth(data.month, -1))}
          >
            {t('operator.previous', 'Previous month')}
          </Button>
          <Typography variant="beta" data-testid="operator-month">
            {monthLabel}
          </Typography>
          <Button
            variant="tertiary"
            endIcon={<ChevronRight />}
            onClick={() => setMonth(shiftMonth(data.month, 1))}
          >
            {t('operator.next', 'Next month')}
          </Button>
          <Box marginLeft="auto">
            <Button
              startIcon={<Download />}
              loading={download.isLoading}
              onClick={() =>
                download.mutate(data.month, {
                  onError: (error) =>
                    toggleNotification({ type: 'danger', message: apiErrorMessage(error) }),
                })
              }
            >
              {t('operator.csv', 'Billing run as CSV')}
            </Button>
          </Box>
        </Flex>

        <Table colCount={7} rowCount={data.practices.length + 1}>
          <Thead>
            <Tr>
              <Th>
                <Typography variant="sigma">{t('operator.practice', 'Practice')}</Typography>
              </Th>
              {CHANNELS.map((channel) => (
                <Th key={`${channel}-units`}>
                  <Typography variant="sigma">
                    {t('operator.units', '{channel}: units (free)', {
                      channel: channelLabel(channel),
                    })}
                  </Typography>
                </Th>
              ))}
              {CHANNELS.map((channel) => (
                <Th key={`${channel}-amount`}>
                  <Typography variant="sigma">
                    {t('operator.amount', '{channel}: amount', { channel: channelLabel(channel) })}
                  </Typography>
                </Th>
              ))}
              {CHANNELS.map((channel) => (
                <Th key={`${channel}-open`}>
                  <Typography variant="sigma">
                    {t('operator.uninvoiced', '{channel}: not invoiced', {
                      channel: channelLabel(channel),
                    })}
                  </Typography>
                </Th>
              ))}
            </Tr>
          </Thead>
          <Tbody>
            {data.practices.map((row) => (
              <Tr key={row.practice} data-testid={`operator-practice-${row.practice}`}>
                <Td>
                  <Flex direction="column" alignItems="flex-start">
                    <Flex gap={1} alignItems="center">
                      <Typography fontWeight="bold">{row.name}</Typography>
                      {mayPrice && (
                        <IconButton
                          variant="ghost"
                          size="S"
                          label={t('operator.prices.editOf', 'Change the prices of {name}', {
                            name: row.name,
                          })}
                          data-testid={`operator-edit-prices-${row.practice}`}
                          onClick={() => setPricing(row)}
                        >
                          <Pencil />
                        </IconButton>
                      )}
                    </Flex>
                    {/* what the practice pays per unit now: its own prices, or the standard */}
                    <Typography
                      variant="pi"
                      textColor="neutral600"
                      style={{ whiteSpace: 'nowrap' }}
                    >
                      {CHANNELS.map((channel, index) => (
                        <span
                          key={channel}
                          data-testid={`operator-price-${row.practice}-${channel}`}
                        >
                          {`${index > 0 ? ' · ' : ''}${channelLabel(channel)} ${money.unitPrice(row.unitPriceTenthCents[channel])}`}
                        </span>
                      ))}
                    </Typography>
                    {(row.priceOverrides.smsTenthCents !== null ||
                      row.priceOverrides.threemaTenthCents !== null) && (
                      <Typography variant="pi" textColor="primary600">
                        {t('operator.prices.own', 'own prices')}
                      </Typography>
                    )}
                  </Flex>
                </Td>
                {CHANNELS.map((channel) => (
                  <Td key={`${channel}-units`}>
                    <Typography>{`${row.channels[channel].units} (${row.channels[channel].freeUnits})`}</Typography>
                  </Td>
                ))}
                {CHANNELS.map((channel) => (
                  <Td key={`${channel}-amount`}>
                    <Typography>{money.euro(row.channels[channel].amountTenthCents)}</Typography>
                  </Td>
                ))}
                {CHANNELS.map((channel) => (
                  <Td key={`${channel}-open`}>
                    <Typography>
                      {money.euro(row.channels[channel].uninvoicedTenthCents)}
                    </Typography>
                  </Td>
                ))}
              </Tr>
            ))}
          </Tbody>
        </Table>

        <Box>
          <Typography variant="delta" tag="h2">
            {t('operator.invoices', 'Invoices issued in {month}', { month: monthLabel })}
          </Typography>
          {data.invoices.length === 0 ? (
            <Typography
              tag="p"
              paddingTop={2}
              textColor="neutral600"
              data-testid="operator-no-invoices"
            >
              {t('operator.noInvoices', 'No invoices were issued in this month.')}
            </Typography>
          ) : (
            <Box paddingTop={3}>
              <Table colCount={5} rowCount={data.invoices.length + 1}>
                <Thead>
                  <Tr>
                    <Th>
                      <Typography variant="sigma">{t('operator.practice', 'Practice')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('usage.col.number', 'Number')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('usage.col.kind', 'Kind')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('usage.col.total', 'Total')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('usage.col.issued', 'Issued')}</Typography>
                    </Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {data.invoices.map((invoice) => (
                    <Tr key={invoice.id} data-testid={`operator-invoice-${invoice.number}`}>
                      <Td>
                        <Typography>{invoice.practiceName}</Typography>
                      </Td>
                      <Td>
                        <Typography fontWeight="bold">{invoice.number}</Typography>
                      </Td>
                      <Td>
                        <Typography>
                          {invoice.kind === 'interim'
                            ? t('usage.interim', 'Interim')
                            : t('usage.regular', 'Regular')}
                        </Typography>
                      </Td>
                      <Td>
                        <Typography>{money.euro(invoice.totalCents * 10)}</Typography>
                      </Td>
                      <Td>
                        <Typography>
                          {new Date(invoice.issuedAt).toLocaleDateString(locale, {
                            timeZone: data.timeZone,
                          })}
                        </Typography>
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            </Box>
          )}
        </Box>
      </Flex>
      <PricesDialog
        practice={pricing}
        standard={data.unitPriceTenthCents}
        onClose={() => setPricing(null)}
      />
    </PluginPage>
  );
};

export default OperatorPage;
