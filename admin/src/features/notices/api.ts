import { useMessagingFetchClient } from '../practices/useMessagingFetchClient';
import type { NoticeSwitches } from '../../../../shared/notice-switches';

import { useMutation, useQuery, useQueryClient } from 'react-query';
import type { MessageResponse, MessageSummary } from '../../../../shared/contracts/messages';
import { PLUGIN_ID } from '../../pluginId';

export interface PanelChannel {
  channel: 'sms' | 'threema' | 'email';
  to: string;
}

export interface PlanningFailure {
  appointmentDocumentId: string;
  attempts: number;
  error: string | null;
  since: string;
  nextAttemptAt: string | null;
}

/** Appointments whose notices could not be planned (GET /planning-failures). */
export function usePlanningFailures() {
  const { get } = useMessagingFetchClient();
  return useQuery(
    [PLUGIN_ID, 'planning-failures'],
    async () =>
      (
        await get<{ data: { total: number; items: PlanningFailure[] } }>(
          `/${PLUGIN_ID}/planning-failures`
        )
      ).data.data
  );
}

/** Plans failed appointments again now: all, or one. */
export function useRetryPlanning() {
  const { post } = useMessagingFetchClient();
  const client = useQueryClient();
  return useMutation(
    async (appointmentId?: string) =>
      (
        await post<{ data: { due: number } }>(
          `/${PLUGIN_ID}/planning-failures/retry`,
          appointmentId ? { appointmentId } : {}
        )
      ).data.data,
    {
      onSuccess: () => void client.invalidateQueries([PLUGIN_ID]),
    }
  );
}

export interface AppointmentPanelData {
  /** the appointment's practice: the panel's own requests act for it */
  practice: string;
  indicator: 'none' | 'queued' | 'sent' | 'delivered' | 'failed';
  /** when the queued notice goes out */
  plannedAt?: string | null;
  /** false: only a draft exists; nothing is sent until it is published */
  published: boolean;
  planning: { error: string | null; attempts: number; nextAttemptAt: string | null } | null;
  client: { documentId: string; name: string } | null;
  channels: PanelChannel[];
  drafts: Record<
    'confirmation' | 'reminder' | 'slip',
    Partial<Record<'sms' | 'threema' | 'email', string>>
  >;
  /** the current express slip (none for drafts and cancelled appointments) */
  slip: { link: string; page: string | null } | null;
  messages: MessageSummary[];
}

export interface ClientPanelData {
  /** the client's practice: the panel's own requests act for it */
  practice: string;
  client: { documentId: string; name: string; smsOptedOut: boolean };
  channels: PanelChannel[];
  messages: MessageSummary[];
}

/** GET /mapping: which host content types the plugin works with (server/src/notices/services/panels.ts). */
export interface HostMappingInfo {
  appointmentUid: string;
  clientUid: string;
  documentUid: string | null;
  recordTypeUid: string | null;
  /** the record type's attribute that holds its name */
  recordTypeNameField: string | null;
  /** the plugin's notice defaults (`notices.defaults`), where neither record type nor client has switches */
  noticeDefaults: NoticeSwitches;
}

export function useHostMapping() {
  const { get } = useMessagingFetchClient();
  return useQuery(
    [PLUGIN_ID, 'mapping'],
    async () => (await get<{ data: HostMappingInfo }>(`/${PLUGIN_ID}/mapping`)).data.data,
    {
      staleTime: Infinity,
      // a failed first load would otherwise leave the pages without record types until a reload
      retry: 2,
    }
  );
}

export function usePanel<T>(kind: 'appointments' | 'clients', documentId: string | undefined) {
  const { get } = useMessagingFetchClient();
  return useQuery(
    [PLUGIN_ID, 'panel', kind, documentId],
    async () => (await get<{ data: T }>(`/${PLUGIN_ID}/${kind}/${documentId}/panel`)).data.data,
    {
      enabled: Boolean(documentId),
      refetchInterval: 3000,
    }
  );
}

export function useSendMessage() {
  const { post } = useMessagingFetchClient();
  const client = useQueryClient();
  return useMutation(
    async (input: {
      channel: string;
      body: string;
      subject?: string;
      appointmentId?: string;
      clientId?: string;
      kind?: string;
    }) => (await post<MessageResponse>(`/${PLUGIN_ID}/messages`, input)).data.data,
    { onSuccess: () => void client.invalidateQueries([PLUGIN_ID, 'panel']) }
  );
}

export function useRecordTypes(
  uid: string | null | undefined,
  nameField: string | null | undefined
) {
  const { get } = useMessagingFetchClient();
  // The Content Manager's own list: record types are host content, the plugin keeps no copy.
  return useQuery(
    [PLUGIN_ID, 'record-types', uid, nameField],
    async () => {
      const sort = nameField ? `&sort=${encodeURIComponent(nameField)}:ASC` : '';
      const { data } = await get<{ results: ({ documentId: string } & Record<string, unknown>)[] }>(
        `/content-manager/collection-types/${uid}?page=1&pageSize=100${sort}`
      );
      return data.results.map((row) => ({
        documentId: row.documentId,
        name:
          nameField && typeof row[nameField] === 'string' ? (row[nameField] as string) : undefined,
      }));
    },
    { staleTime: 60_000, retry: false, enabled: Boolean(uid) }
  );
}
