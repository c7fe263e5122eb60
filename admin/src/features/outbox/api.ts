import { useMessagingFetchClient } from '../practices/useMessagingFetchClient';
import { useMutation, useQuery, useQueryClient } from 'react-query';
import type { MessageListResponse, MessageResponse } from '../../../../shared/contracts/messages';
import { PLUGIN_ID } from '../../pluginId';

export interface LogFilters {
  channel?: string;
  status?: string;
  kind?: string;
  from?: string;
  to?: string;
  q?: string;
  client?: string;
  appointment?: string;
  page: number;
  pageSize: number;
}

const queryString = (filters: Partial<LogFilters>) =>
  new URLSearchParams(
    Object.entries(filters)
      .filter(([, value]) => value !== undefined && value !== '')
      .map(([key, value]) => [key, String(value)])
  ).toString();

export function useMessageLog(filters: LogFilters) {
  const { get } = useMessagingFetchClient();
  return useQuery(
    [PLUGIN_ID, 'messages', filters],
    async () =>
      (await get<MessageListResponse>(`/${PLUGIN_ID}/messages?${queryString(filters)}`)).data,
    {
      keepPreviousData: true,
      refetchInterval: 5000,
    }
  );
}

export function useMessage(id: number | null) {
  const { get } = useMessagingFetchClient();
  return useQuery(
    [PLUGIN_ID, 'message', id],
    async () => (await get<MessageResponse>(`/${PLUGIN_ID}/messages/${id}`)).data.data,
    {
      enabled: id !== null,
    }
  );
}

export function useResend() {
  const { post } = useMessagingFetchClient();
  const client = useQueryClient();
  return useMutation(
    async (id: number) =>
      (await post<MessageResponse>(`/${PLUGIN_ID}/messages/${id}/resend`, {})).data.data,
    {
      onSuccess: () => void client.invalidateQueries([PLUGIN_ID]),
    }
  );
}

export function useSendTest() {
  const { post } = useMessagingFetchClient();
  return useMutation(
    async (input: { channel: string; to: string }) =>
      (await post<MessageResponse>(`/${PLUGIN_ID}/test-message`, input)).data.data
  );
}
