/**
 * The demo's provider: records a message as sent, sends nothing. The admin
 * labels every channel served by it as "Dry run".
 */
import { randomUUID } from 'crypto';
import type { Channel } from '../../../../shared/vocabulary';
import type { MessageProvider, OutgoingMessage, SendResult } from './types';

export function createDryRunProvider(
  channel: Channel,
  onSend?: (message: OutgoingMessage) => void
): MessageProvider {
  return {
    name: 'dry-run',
    channel,
    async send(message: OutgoingMessage): Promise<SendResult> {
      onSend?.(message);
      return { providerMessageId: `dry-${randomUUID()}`, status: 'sent' };
    },
  };
}
