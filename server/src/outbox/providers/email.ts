/**
 * E-mail through Strapi's email plugin, whichever provider the host app set
 * up (sendmail, SMTP, SendGrid, ...). SMTP 5xx answers are final, anything
 * else is tried again.
 */
import type { Core } from '@strapi/strapi';
import { randomUUID } from 'crypto';
import {
  ProviderError,
  type MessageProvider,
  type OutgoingMessage,
  type SendResult,
} from './types';

export function createEmailProvider(strapi: Core.Strapi): MessageProvider {
  return {
    name: 'email',
    channel: 'email',
    async send(message: OutgoingMessage): Promise<SendResult> {
      try {
        await strapi
          .plugin('email')
          .service('email')
          .send({
            to: message.to,
            subject: message.subject ?? '',
            text: message.body,
            ...(message.html ? { html: message.html } : {}),
          });
      } catch (error) {
        const smtpCode = Number((error as { responseCode?: number }).responseCode);
        throw new ProviderError('email:failed', (error as Error).message ?? 'e-mail failed', {
          retryable: !(smtpCode >= 500 && smtpCode < 600),
          recipientProblem: smtpCode >= 550 && smtpCode <= 553,
        });
      }
      return { providerMessageId: `email-${randomUUID()}`, status: 'sent' };
    },
  };
}
