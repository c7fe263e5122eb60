import { useMessagingFetchClient } from '../practices/useMessagingFetchClient';
import { useEffect, useState } from 'react';

import { useMutation, useQuery, useQueryClient } from 'react-query';
import type { MessageResponse } from '../../../../shared/contracts/messages';
import { PLUGIN_ID } from '../../pluginId';

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
  const { post } = useMessagingFetchClient();
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
  const { get } = useMessagingFetchClient();
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
  const { put } = useMessagingFetchClient();
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
  const { post } = useMessagingFetchClient();
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
  const { get } = useMessagingFetchClient();
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
  const { post } = useMessagingFetchClient();
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
