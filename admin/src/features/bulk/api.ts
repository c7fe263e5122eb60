import { useMessagingFetchClient } from '../practices/useMessagingFetchClient';
import { useMutation, useQuery, useQueryClient } from 'react-query';
import type {
  BatchProgress,
  BulkPreview,
  BulkRequest,
  MassCancellationPreview,
  MassCancellationRequest,
} from '../../../../shared/contracts/bulk';
import { PLUGIN_ID } from '../../pluginId';

export function useBulkPreview() {
  const { post } = useMessagingFetchClient();
  return useMutation(
    async (request: BulkRequest) =>
      (await post<{ data: BulkPreview }>(`/${PLUGIN_ID}/bulk/preview`, request)).data.data
  );
}

export function useStartBulk() {
  const { post } = useMessagingFetchClient();
  const client = useQueryClient();
  return useMutation(
    async (request: BulkRequest) =>
      (await post<{ data: BatchProgress }>(`/${PLUGIN_ID}/bulk`, request)).data.data,
    {
      onSuccess: () => void client.invalidateQueries([PLUGIN_ID, 'batches']),
    }
  );
}

export function useMassCancellationPreview() {
  const { post } = useMessagingFetchClient();
  return useMutation(
    async (request: MassCancellationRequest) =>
      (
        await post<{ data: MassCancellationPreview }>(
          `/${PLUGIN_ID}/mass-cancellation/preview`,
          request
        )
      ).data.data
  );
}

export function useStartMassCancellation() {
  const { post } = useMessagingFetchClient();
  const client = useQueryClient();
  return useMutation(
    async (request: MassCancellationRequest) =>
      (await post<{ data: BatchProgress }>(`/${PLUGIN_ID}/mass-cancellation`, request)).data.data,
    { onSuccess: () => void client.invalidateQueries([PLUGIN_ID, 'batches']) }
  );
}

const isFinal = (batch: BatchProgress | undefined) =>
  Boolean(batch && batch.status !== 'running' && batch.status !== 'preparing');

/** One job, polled every second until it is final: the server completes a running job when it is polled and nothing is pending. */
export function useBatch(id: number | null) {
  const { get } = useMessagingFetchClient();
  const client = useQueryClient();
  return useQuery(
    [PLUGIN_ID, 'batch', id],
    async () => (await get<{ data: BatchProgress }>(`/${PLUGIN_ID}/batches/${id}`)).data.data,
    {
      enabled: id !== null,
      refetchInterval: (batch) => (isFinal(batch) ? false : 1000),
      onSuccess: (batch) => {
        if (isFinal(batch)) void client.invalidateQueries([PLUGIN_ID, 'batches']);
      },
    }
  );
}

/** The latest 20 jobs with their progress. */
export function useBatches() {
  const { get } = useMessagingFetchClient();
  return useQuery(
    [PLUGIN_ID, 'batches'],
    async () => (await get<{ data: BatchProgress[] }>(`/${PLUGIN_ID}/batches`)).data.data,
    {
      refetchInterval: (batches) =>
        (batches ?? []).some((batch) => !isFinal(batch)) ? 3000 : false,
    }
  );
}

export function useCancelBatch() {
  const { post } = useMessagingFetchClient();
  const client = useQueryClient();
  return useMutation(
    async (id: number) =>
      (await post<{ data: BatchProgress }>(`/${PLUGIN_ID}/batches/${id}/cancel`, {})).data.data,
    {
      onSuccess: (batch) => {
        client.setQueryData([PLUGIN_ID, 'batch', batch.id], batch);
        void client.invalidateQueries([PLUGIN_ID, 'batches']);
      },
    }
  );
}
