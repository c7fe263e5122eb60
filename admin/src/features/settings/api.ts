import { useMessagingFetchClient } from '../practices/useMessagingFetchClient';
import { useMutation, useQuery, useQueryClient } from 'react-query';
import type { StatusResponse } from '../../../../shared/contracts/status';
import type {
  PracticeSettings,
  SettingsResponse,
  UpdateSettingsRequest,
} from '../../../../shared/contracts/settings';
import { PLUGIN_ID } from '../../pluginId';

const keys = {
  status: [PLUGIN_ID, 'status'] as const,
  settings: [PLUGIN_ID, 'settings'] as const,
};

export function useStatus() {
  const { get } = useMessagingFetchClient();
  return useQuery(
    keys.status,
    async () => (await get<StatusResponse>(`/${PLUGIN_ID}/status`)).data.data
  );
}

export function useSettings() {
  const { get } = useMessagingFetchClient();
  return useQuery(
    keys.settings,
    async () => (await get<SettingsResponse>(`/${PLUGIN_ID}/settings`)).data.data
  );
}

export function useUpdateSettings() {
  const { put } = useMessagingFetchClient();
  const client = useQueryClient();
  return useMutation(
    async (changes: UpdateSettingsRequest): Promise<PracticeSettings> =>
      (await put<SettingsResponse>(`/${PLUGIN_ID}/settings`, changes)).data.data,
    {
      onSuccess: (settings) => {
        client.setQueryData(keys.settings, settings);
        void client.invalidateQueries(keys.status);
      },
    }
  );
}

export function useUnreachableClients() {
  const { get } = useMessagingFetchClient();
  return useQuery(
    [PLUGIN_ID, 'unreachable'],
    async () =>
      (
        await get<{ data: { clientId: string; name: string; reasons: string[] }[] }>(
          `/${PLUGIN_ID}/unreachable-clients`
        )
      ).data.data
  );
}
