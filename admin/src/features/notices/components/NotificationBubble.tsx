/**
 * The speech bubble of an appointment: its colour per state (one place for
 * the side panel and the list column) and the list column's cell, which
 * loads the bubbles of a whole list page with one request.
 */
import { useMessagingFetchClient } from '../../practices/useMessagingFetchClient';
import { Box, Flex, Typography } from '@strapi/design-system';
import { Message } from '@strapi/icons';

import { useQuery } from 'react-query';
import { useIntl } from 'react-intl';
import { PLUGIN_ID } from '../../../pluginId';
import type { AppointmentPanelData } from '../api';
import { useT } from '../../../utils/useT';

type Indicator = AppointmentPanelData['indicator'];
type Bubble = { indicator: Indicator; plannedAt: string | null };
type Get = ReturnType<typeof useMessagingFetchClient>['get'];

export const BUBBLE: Record<Indicator, string> = {
  none: 'neutral500',
  queued: 'primary600',
  sent: 'success600',
  delivered: 'success700',
  failed: 'danger600',
};

/** the server's page limit for one request */
const PER_REQUEST = 100;
const waiting = new Map<
  string,
  { resolve: (bubble: Bubble) => void; reject: (error: unknown) => void }[]
>();
let flushScheduled = false;

/** Collects the cells of one render and asks once for all of them. */
function loadBubble(get: Get, documentId: string): Promise<Bubble> {
  return new Promise((resolve, reject) => {
    waiting.set(documentId, [...(waiting.get(documentId) ?? []), { resolve, reject }]);
    if (flushScheduled) return;
    flushScheduled = true;
    setTimeout(async () => {
      flushScheduled = false;
      const batch = new Map(waiting);
      waiting.clear();
      const ids = [...batch.keys()];
      for (let start = 0; start < ids.length; start += PER_REQUEST) {
        const chunk = ids.slice(start, start + PER_REQUEST);
        try {
          const response = await get<{ data: Record<string, Bubble> }>(
            `/${PLUGIN_ID}/appointments/indicators?ids=${chunk.map(encodeURIComponent).join(',')}`
          );
          for (const id of chunk)
            for (const waiter of batch.get(id)!)
              waiter.resolve(response.data.data[id] ?? { indicator: 'none', plannedAt: null });
        } catch (error) {
          for (const id of chunk) for (const waiter of batch.get(id)!) waiter.reject(error);
        }
      }
    }, 0);
  });
}

export const NotificationCell = ({ documentId }: { documentId: string }) => {
  const t = useT();
  const { locale } = useIntl();
  const { get } = useMessagingFetchClient();
  const { data } = useQuery([PLUGIN_ID, 'bubble', documentId], () => loadBubble(get, documentId), {
    staleTime: 10_000,
    retry: false,
  });
  if (!data) return null;
  const long = t(`panel.indicator.${data.indicator}`, data.indicator);
  const when = data.plannedAt
    ? new Date(data.plannedAt).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' })
    : null;
  return (
    <Flex
      gap={1}
      title={when ? `${long} · ${t('panel.plannedAt', 'goes out {when}', { when })}` : long}
      data-testid="list-bubble"
      data-indicator={data.indicator}
      data-document={documentId}
    >
      <Box color={BUBBLE[data.indicator]}>
        <Message width="1.6rem" height="1.6rem" fill="currentColor" aria-hidden />
      </Box>
      <Typography variant="pi" textColor="neutral700">
        {t(`list.indicator.${data.indicator}`, data.indicator)}
      </Typography>
    </Flex>
  );
};
