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

/** strapi.log for the plugin's own lines, with personal data taken out. */
export const messagingLog = (strapi: Core.Strapi) => ({
  info: (message: string) => strapi.log.info(withoutPersonalData(message)),
  warn: (message: string) => strapi.log.warn(withoutPersonalData(message)),
  error: (message: string) => strapi.log.error(withoutPersonalData(message)),
});
