import { Box, Flex, Typography } from '@strapi/design-system';
import { useTheme } from 'styled-components';
import type { MonthUsage } from '../../../../../shared/contracts/usage';

export type ChartMeasure = 'units' | 'amount';

interface Props {
  months: MonthUsage[];
  measure: ChartMeasure;
  /** month label, e.g. "Mär 26" */
  monthLabel: (month: string) => string;
  /** the value as text, for the axis and the tooltips */
  format: (value: number) => string;
  channelLabel: (channel: 'sms' | 'threema') => string;
  title: string;
}

const CHANNELS = ['sms', 'threema'] as const;
const HEIGHT = 220;
const AXIS = 48;
const FOOT = 28;

/** A round step for the axis: 1, 2 or 5 times a power of ten, about four lines. */
function niceMax(value: number): { max: number; step: number } {
  if (value <= 0) return { max: 4, step: 1 };
  const rough = value / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step =
    [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ??
    10 * power;
  return { max: Math.ceil(value / step) * step, step };
}

/**
 * Grouped bars per month, SMS and Threema side by side. One small SVG: a
 * charting library would add far more to the admin bundle than this one
 * chart needs. Every bar has a tooltip (<title>) and the figure as data-value
 * for tests and screen readers get a summary in aria-label.
 */
export const UsageChart = ({ months, measure, monthLabel, format, channelLabel, title }: Props) => {
  const theme = useTheme() as unknown as { colors?: Record<string, string> };
  const colors = {
    sms: theme.colors?.primary600 ?? '#4945ff',
    threema: theme.colors?.success500 ?? '#5cb176',
  };
  const valueOf = (month: MonthUsage, channel: 'sms' | 'threema') =>
    measure === 'units' ? month[channel].units : month[channel].amountTenthCents;
  const highest = Math.max(
    0,
    ...months.flatMap((month) => CHANNELS.map((channel) => valueOf(month, channel)))
  );
  const { max, step } = niceMax(highest);
  const slot = 70;
  const width = AXIS + months.length * slot + 8;
  const plot = HEIGHT - FOOT;
  const y = (value: number) => plot - (value / max) * (plot - 8);
  const bar = 22;
  const summary = months
    .map(
      (month) =>
        `${monthLabel(month.month)}: ${CHANNELS.map((channel) => `${channelLabel(channel)} ${format(valueOf(month, channel))}`).join(', ')}`
    )
    .join('; ');

  return (
    <Box>
      <Box overflow="auto">
        <svg
          role="img"
          aria-label={`${title}. ${summary}`}
          width={width}
          height={HEIGHT}
          viewBox={`0 0 ${width} ${HEIGHT}`}
          data-testid="usage-chart"
          data-measure={measure}
        >
          {Array.from({ length: Math.round(max / step) + 1 }, (_, n) => n * step).map((tick) => (
            <g key={tick}>
              <line
                x1={AXIS}
                x2={width - 4}
                y1={y(tick)}
                y2={y(tick)}
                stroke={theme.colors?.neutral200 ?? '#ddd'}
                strokeWidth={1}
              />
              <text
                x={AXIS - 6}
                y={y(tick) + 4}
                fontSize={11}
                textAnchor="end"
                fill={theme.colors?.neutral600 ?? '#666'}
              >
                {format(tick)}
              </text>
            </g>
          ))}
          {months.map((month, index) => {
            const x0 = AXIS + index * slot + (slot - 2 * bar - 4) / 2;
            return (
              <g key={month.month} data-month={month.month}>
                {CHANNELS.map((channel, n) => {
                  const value = valueOf(month, channel);
                  const top = y(value);
                  return (
                    <rect
                      key={channel}
                      data-testid={`bar-${month.month}-${channel}`}
                      data-value={value}
                      x={x0 + n * (bar + 4)}
                      y={top}
                      width={bar}
                      height={Math.max(0, plot - top)}
                      rx={2}
                      fill={colors[channel]}
                    >
                      <title>{`${channelLabel(channel)} ${monthLabel(month.month)}: ${format(value)}`}</title>
                    </rect>
                  );
                })}
                <text
                  x={AXIS + index * slot + slot / 2}
                  y={HEIGHT - 8}
                  fontSize={11}
                  textAnchor="middle"
                  fill={theme.colors?.neutral600 ?? '#666'}
                >
                  {monthLabel(month.month)}
                </text>
              </g>
            );
          })}
        </svg>
      </Box>
      <Flex gap={4} paddingTop={2}>
        {CHANNELS.map((channel) => (
          <Flex key={channel} gap={2} alignItems="center">
            <Box width="12px" height="12px" hasRadius style={{ background: colors[channel] }} />
            <Typography variant="pi">{channelLabel(channel)}</Typography>
          </Flex>
        ))}
      </Flex>
    </Box>
  );
};
