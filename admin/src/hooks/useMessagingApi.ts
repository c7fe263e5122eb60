import { useEffect, useState } from 'react';
import type { NoticeSwitches } from '../../../shared/notice-switches';
import { useFetchClient } from '@strapi/strapi/admin';
import { useMutation, useQuery, useQueryClient } from 'react-query';
import type { StatusResponse } from '../../../shared/contracts/status';
import type {
  PracticeSettings,
  SettingsResponse,
  UpdateSettingsRequest,
} from '../../../shared/contracts/settings';
import type {
  MessageListResponse,
  MessageResponse,
  MessageSummary,
} from '../../../shared/contracts/messages';
import type {
  BatchProgress,
  BulkPreview,
  BulkRequest,
  MassCancellationPreview,
  MassCancellationRequest,
} from '../../../shared/contracts/bulk';
import type { InvoiceListResponse, UsageResponse } from '../../../shared/contracts/usage';
import { PLUGIN_ID } from '../pluginId';

const keys = {
  status: [PLUGIN_ID, 'status'] as const,
  settings: [PLUGIN_ID, 'settings'] as const,
};

export function useStatus() {
  const { get } = useFetchClient();
  return useQuery(
    keys.status,
    async () => (await get<StatusResponse>(`/${PLUGIN_ID}/status`)).data.data
  );
}

export function useSettings() {
  const { get } = useFetchClient();
  return useQuery(
    keys.settings,
    async () => (await get<SettingsResponse>(`/${PLUGIN_ID}/settings`)).data.data
  );
}

export function useUpdateSettings() {
  const { put } = useFetchClient();
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
  const { get } = useFetchClient();
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
  const { get } = useFetchClient();
  return useQuery(
    [PLUGIN_ID, 'message', id],
    async () => (await get<MessageResponse>(`/${PLUGIN_ID}/messages/${id}`)).data.data,
    {
      enabled: id !== null,
    }
  );
}

export function useResend() {
  const { post } = useFetchClient();
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
  const { post } = useFetchClient();
  return useMutation(
    async (input: { channel: string; to: string }) =>
      (await post<MessageResponse>(`/${PLUGIN_ID}/test-message`, input)).data.data
  );
}

export interface TemplateRow {
  id: number;
  kind: string;
  channel: 'sms' | 'threema' | 'email';
  addressForm: 'formal' | 'informal';
  locale: 'de' | 'en';
  name: string | null;
  subject: string | null;
  body: string;
  isDefault: boolean;
}

export interface RenderedPreview {
  text: string | null;
  error: string | null;
  /** why it cannot be rendered, for people */
  reason?: { de: string; en: string } | null;
  analysis: {
    encoding: string;
    units: number;
    segments: number;
    costCents: number;
    warnings: string[];
  } | null;
}

export interface DraftPreview {
  typical: RenderedPreview;
  worstCase: RenderedPreview;
  templateCharacters: number;
}

/**
 * The editor's unsaved text rendered by the server as the dispatcher will
 * (typical values and the worst case), a moment after typing pauses: the
 * counter under the editor counts this, not the template's own characters.
 */
export function useDraftPreview(id: number | null, body: string) {
  const { post } = useFetchClient();
  const [settled, setSettled] = useState(body);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(body), 300);
    return () => clearTimeout(timer);
  }, [body]);
  return useQuery(
    [PLUGIN_ID, 'draft-preview', id, settled],
    async () =>
      (
        await post<{ data: DraftPreview }>(`/${PLUGIN_ID}/templates/${id}/preview`, {
          body: settled,
        })
      ).data.data,
    { enabled: id !== null, keepPreviousData: true, retry: false }
  );
}

export function useTemplates(filters: { locale: string; channel: string }) {
  const { get } = useFetchClient();
  return useQuery(
    [PLUGIN_ID, 'templates', filters],
    async () =>
      (
        await get<{ data: TemplateRow[] }>(
          `/${PLUGIN_ID}/templates?${new URLSearchParams(filters)}`
        )
      ).data.data
  );
}

export function useSaveTemplate() {
  const { put } = useFetchClient();
  const client = useQueryClient();
  return useMutation(
    async (template: Pick<TemplateRow, 'id' | 'body' | 'subject'>) =>
      (
        await put<{ data: TemplateRow }>(`/${PLUGIN_ID}/templates/${template.id}`, {
          body: template.body,
          subject: template.subject,
        })
      ).data.data,
    { onSuccess: () => void client.invalidateQueries([PLUGIN_ID, 'templates']) }
  );
}

export function usePreviewTemplate() {
  const { post } = useFetchClient();
  return useMutation(
    async ({ id, appointmentId }: { id: number; appointmentId?: string }) =>
      (
        await post<{ data: { typical: RenderedPreview; worstCase: RenderedPreview } }>(
          `/${PLUGIN_ID}/templates/${id}/preview`,
          appointmentId ? { appointmentId } : {}
        )
      ).data.data
  );
}

export function usePreviewChoices() {
  const { get } = useFetchClient();
  return useQuery(
    [PLUGIN_ID, 'preview-choices'],
    async () =>
      (
        await get<{ data: { appointmentId: string; label: string }[] }>(
          `/${PLUGIN_ID}/preview-choices`
        )
      ).data.data
  );
}

export function useSendTemplateTest() {
  const { post } = useFetchClient();
  return useMutation(
    async ({ id, to, appointmentId }: { id: number; to: string; appointmentId?: string }) =>
      (
        await post<MessageResponse>(`/${PLUGIN_ID}/templates/${id}/test`, {
          to,
          ...(appointmentId ? { appointmentId } : {}),
        })
      ).data.data
  );
}

export function useUnreachableClients() {
  const { get } = useFetchClient();
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
  const { get } = useFetchClient();
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
  const { post } = useFetchClient();
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
  client: { documentId: string; name: string; smsOptedOut: boolean };
  channels: PanelChannel[];
  messages: MessageSummary[];
}

/** GET /mapping: which host content types the plugin works with (server/src/services/panels.ts). */
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
  const { get } = useFetchClient();
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
  const { get } = useFetchClient();
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
  const { post } = useFetchClient();
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
  const { get } = useFetchClient();
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

export function useBulkPreview() {
  const { post } = useFetchClient();
  return useMutation(
    async (request: BulkRequest) =>
      (await post<{ data: BulkPreview }>(`/${PLUGIN_ID}/bulk/preview`, request)).data.data
  );
}

export function useStartBulk() {
  const { post } = useFetchClient();
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
  const { post } = useFetchClient();
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
  const { post } = useFetchClient();
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
  const { get } = useFetchClient();
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
  const { get } = useFetchClient();
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
  const { post } = useFetchClient();
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

/** This month, the last 12 months per channel, uninvoiced total and budget (GET /usage). */
export function useUsage(enabled = true) {
  const { get } = useFetchClient();
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
  const { get } = useFetchClient();
  return useQuery(
    [PLUGIN_ID, 'invoices', page],
    async () =>
      (await get<InvoiceListResponse>(`/${PLUGIN_ID}/invoices?page=${page}&pageSize=12`)).data,
    {
      keepPreviousData: true,
    }
  );
}

/** Fetches an invoice's CSV with the admin's token and hands it to the browser as a download. */
export function useInvoiceDownload() {
  const { get } = useFetchClient();
  return useMutation(async (invoice: { id: number; number: string }) => {
    const { data } = await get<Blob>(`/${PLUGIN_ID}/invoices/${invoice.id}.csv`, {
      responseType: 'blob',
    });
    const url = URL.createObjectURL(data);
    const link = document.createElement('a');
    link.href = url;
    link.download = `${invoice.number}.csv`;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
}
