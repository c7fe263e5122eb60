/**
 * The plugin's log lines without personal data: a provider's error or a
 * database message may quote a phone number or an e-mail address, which
 * have no place in a server log (kept, shipped, read by others). Numbers
 * keep their last three digits, enough to match a line to a send.
 */
import type { Core } from '@strapi/strapi';

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
/** E.164 (+491711234567) and German national numbers (0171 1234567, 030/1234567) */
const PHONE = /\+\d{7,15}\b|\b0\d{2,4}[ /-]?\d{4,9}\b/g;

export function withoutPersonalData(text: string): string {
  return text.replace(EMAIL, '•••@•••').replace(PHONE, (number) => `•••${number.slice(-3)}`);
}

export interface MessagingLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * strapi.log for the plugin's own lines, with personal data taken out. The
 * return type is spelled out so the published declarations do not name
 * winston's Logger (winston is Strapi's dependency, not ours).
 */
export const messagingLog = (strapi: Core.Strapi): MessagingLog => ({
  info: (message) => void strapi.log.info(withoutPersonalData(message)),
  warn: (message) => void strapi.log.warn(withoutPersonalData(message)),
  error: (message) => void strapi.log.error(withoutPersonalData(message)),
});
