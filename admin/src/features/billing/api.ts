import { useMessagingFetchClient } from '../practices/useMessagingFetchClient';
import { useMutation, useQuery, useQueryClient } from 'react-query';
import type {
  InvoiceListResponse,
  OperatorOverviewResponse,
  SetPricesRequest,
  SetPricesResponse,
  UsageResponse,
} from '../../../../shared/contracts/usage';
import { PLUGIN_ID } from '../../pluginId';

/** This month, the last 12 months per channel, uninvoiced total and budget (GET /usage). */
export function useUsage(enabled = true) {
  const { get } = useMessagingFetchClient();
  return useQuery(
    [PLUGIN_ID, 'usage'],
    async () => (await get<UsageResponse>(`/${PLUGIN_ID}/usage`)).data.data,
    {
      refetchInterval: 30_000,
      enabled,
    }
  );
}

export function useInvoices(page: number) {
  const { get } = useMessagingFetchClient();
  return useQuery(
    [PLUGIN_ID, 'invoices', page],
    async () =>
      (await get<InvoiceListResponse>(`/${PLUGIN_ID}/invoices?page=${page}&pageSize=12`)).data,
    {
      keepPreviousData: true,
    }
  );
}

/** Hands a fetched file to the browser as a download. */
function saveAs(data: Blob, filename: string) {
  const url = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Fetches an invoice's CSV with the admin's token and hands it to the browser as a download. */
export function useInvoiceDownload() {
  const { get } = useMessagingFetchClient();
  return useMutation(async (invoice: { id: number; number: string }) => {
    const { data } = await get<Blob>(`/${PLUGIN_ID}/invoices/${invoice.id}.csv`, {
      responseType: 'blob',
    });
    saveAs(data, `${invoice.number}.csv`);
  });
}

/** The operator's page: every practice's month per channel and the month's billing run (GET /operator/usage). */
export function useOperatorOverview(month: string | null) {
  const { get } = useMessagingFetchClient();
  return useQuery(
    [PLUGIN_ID, 'operator', month],
    async () =>
      (
        await get<OperatorOverviewResponse>(
          `/${PLUGIN_ID}/operator/usage${month ? `?month=${month}` : ''}`
        )
      ).data.data,
    { keepPreviousData: true }
  );
}

/** The month's billing run as CSV, one line per practice and channel. */
export function useBillingRunDownload() {
  const { get } = useMessagingFetchClient();
  return useMutation(async (month: string) => {
    const { data } = await get<Blob>(`/${PLUGIN_ID}/operator/billing-run.csv?month=${month}`, {
      responseType: 'blob',
    });
    saveAs(data, `billing-run-${month}.csv`);
  });
}

/** The operator sets one practice's unit prices (null: the plugin's); the overview reloads. */
export function useSetPrices() {
  const { put } = useMessagingFetchClient();
  const queryClient = useQueryClient();
  return useMutation(
    async ({ practice, prices }: { practice: string; prices: SetPricesRequest }) =>
      (
        await put<SetPricesResponse>(
          `/${PLUGIN_ID}/operator/prices?practice=${encodeURIComponent(practice)}`,
          prices
        )
      ).data.data,
    {
      // the overview and every counter (which prices by GET /practices/mine) see the new prices
      onSuccess: () => {
        void queryClient.invalidateQueries([PLUGIN_ID, 'operator']);
        void queryClient.invalidateQueries([PLUGIN_ID, 'practices', 'mine']);
      },
    }
  );
}
