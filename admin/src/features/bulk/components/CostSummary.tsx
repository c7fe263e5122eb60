import { Box, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import type { CostQuote } from '../../../../../shared/contracts/bulk';
import { useFormatMoney } from '../../../utils/money';
import { useT } from '../../../utils/useT';

/**
 * The price of a preview as the ledger will bill it: units per paid channel,
 * the month's free units, unit price, amount, the total, and a warning when
 * the job pushes the uninvoiced charges over the interim-invoice threshold.
 */
export const CostSummary = ({ cost, emails }: { cost: CostQuote; emails: number }) => {
  const t = useT();
  const money = useFormatMoney();
  const rows = (['sms', 'threema'] as const).filter(
    (channel) => cost.perChannel[channel].units > 0
  );

  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="cost-summary">
      <Table colCount={5} rowCount={rows.length + 2}>
        <Thead>
          <Tr>
            <Th>
              <Typography variant="sigma">{t('cost.channel', 'Channel')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('cost.units', 'Units')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('cost.free', 'Free')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('cost.unitPrice', 'Price per unit')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('cost.amount', 'Amount')}</Typography>
            </Th>
          </Tr>
        </Thead>
        <Tbody>
          {rows.map((channel) => {
            const line = cost.perChannel[channel];
            return (
              <Tr key={channel} data-testid={`cost-${channel}`}>
                <Td>
                  <Typography>{t(`channel.${channel}`, channel)}</Typography>
                </Td>
                <Td>
                  <Typography>
                    {channel === 'sms'
                      ? t(
                          'cost.smsUnits',
                          '{units, plural, one {# SMS segment} other {# SMS segments}}',
                          { units: line.units }
                        )
                      : t('cost.messages', '{units, plural, one {# message} other {# messages}}', {
                          units: line.units,
                        })}
                  </Typography>
                </Td>
                <Td>
                  <Typography>{line.freeUnits}</Typography>
                </Td>
                <Td>
                  <Typography>{money.unitPrice(line.unitPriceTenthCents)}</Typography>
                </Td>
                <Td>
                  <Typography>{money.euro(line.amountTenthCents)}</Typography>
                </Td>
              </Tr>
            );
          })}
          {emails > 0 && (
            <Tr data-testid="cost-email">
              <Td>
                <Typography>{t('channel.email', 'E-mail')}</Typography>
              </Td>
              <Td>
                <Typography>
                  {t('cost.messages', '{units, plural, one {# message} other {# messages}}', {
                    units: emails,
                  })}
                </Typography>
              </Td>
              <Td>
                <Typography>–</Typography>
              </Td>
              <Td>
                <Typography>{t('cost.included', 'included')}</Typography>
              </Td>
              <Td>
                <Typography>{money.euro(0)}</Typography>
              </Td>
            </Tr>
          )}
          <Tr>
            <Td>
              <Typography fontWeight="bold">{t('cost.total', 'Total')}</Typography>
            </Td>
            <Td />
            <Td />
            <Td />
            <Td>
              <Typography fontWeight="bold" data-testid="cost-total">
                {money.euro(cost.totalTenthCents)}
              </Typography>
            </Td>
          </Tr>
        </Tbody>
      </Table>
      <Typography variant="pi" textColor="neutral600" data-testid="free-units-left">
        {t(
          'cost.freeLeft',
          'Free this month before this job: {sms} SMS segments, {threema} Threema messages.',
          {
            sms: cost.freeUnitsLeft.sms,
            threema: cost.freeUnitsLeft.threema,
          }
        )}
      </Typography>
      {/* not an Alert: its close button would let the warning be clicked away before sending */}
      {cost.interimInvoice && (
        <Box
          padding={4}
          background="warning100"
          borderColor="warning200"
          hasRadius
          data-testid="interim-invoice"
        >
          <Flex gap={3} alignItems="flex-start">
            <WarningCircle fill="warning600" width="2rem" height="2rem" aria-hidden />
            <Box>
              <Typography fontWeight="bold" tag="p">
                {t('cost.interim.title', 'Interim invoice')}
              </Typography>
              <Typography tag="p">
                {t(
                  'cost.interim',
                  'With this job the charges not yet invoiced reach {amount}. That is over the threshold: an interim invoice will be issued.',
                  {
                    amount: money.euro(cost.uninvoicedAfterTenthCents),
                  }
                )}
              </Typography>
            </Box>
          </Flex>
        </Box>
      )}
    </Flex>
  );
};
