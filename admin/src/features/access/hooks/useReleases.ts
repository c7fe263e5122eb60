/** The document panel's calls: the release of a document, a new code. Answers never hold the code or the link. */

import { useMessagingFetchClient } from '../../practices/useMessagingFetchClient';
import { useMutation, useQuery, useQueryClient } from 'react-query';
import { PLUGIN_ID } from '../../../pluginId';

export interface ReleaseStatus {
  released: boolean;
  id?: number;
  delivery?: 'standard' | 'self-service';
  createdAt?: string;
  expiresAt?: string | null;
  expired?: boolean;
  revoked?: boolean;
  codeIssuedAt?: string | null;
  failedAttempts?: number;
  locked?: boolean;
  codeRequests?: number;
  /** self-service: requests left on this link; null in standard delivery */
  codeRequestsLeft?: number | null;
  codeRequestsCapped?: boolean;
  downloads?: { at: string }[];
  messages?: {
    id: number;
    kind: string;
    channel: string;
    status: string;
    recipient: string | null;
    createdAt: string | null;
  }[];
}

const key = (documentId: string) => [PLUGIN_ID, 'release', documentId];

export function useRelease(documentId: string) {
  const { get } = useMessagingFetchClient();
  return useQuery(
    key(documentId),
    async () =>
      (await get<{ data: ReleaseStatus }>(`/${PLUGIN_ID}/documents/${documentId}/release`)).data
        .data,
    {
      refetchInterval: 3000,
    }
  );
}

/** `action`: "release" (a new link, the old one stops working) or "new-code". */
export function useReleaseAction(documentId: string) {
  const { post } = useMessagingFetchClient();
  const client = useQueryClient();
  return useMutation(
    async (action: 'release' | 'new-code' | 'revoke') =>
      (
        await post<{ data: ReleaseStatus }>(
          `/${PLUGIN_ID}/documents/${documentId}/release${action === 'release' ? '' : `/${action}`}`,
          {}
        )
      ).data.data,
    {
      onSuccess: (data) => {
        client.setQueryData(key(documentId), data);
      },
    }
  );
}
