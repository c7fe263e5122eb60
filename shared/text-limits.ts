/**
 * The longest texts the plugin takes, in one place. Every edge that accepts
 * a text (manual messages, bulk jobs, templates, the analysis endpoint)
 * checks them before anything is analysed or rendered, so no request makes
 * the server work without bound: the SMS analysis (sms-segments-calculator)
 * grows much faster than the text (20,000 characters took seconds), within
 * these limits it stays in milliseconds (`npm run bench` measures it).
 */
import { SMS_MAX_CHARACTERS, THREEMA_MAX_BYTES } from './sms';
import type { Channel } from './vocabulary';

export const TEXT_LIMITS = {
  /**
   * A message body as it is sent, in characters: SMS as Twilio takes it
   * (1,600), Threema never more characters than its 3,500 bytes (the bytes
   * are checked besides), e-mail 20,000 (a long letter; a document goes as
   * a secure download instead).
   */
  body: { sms: SMS_MAX_CHARACTERS, threema: THREEMA_MAX_BYTES, email: 20_000 } satisfies Record<
    Channel,
    number
  >,
  /** an e-mail subject */
  subject: 200,
  /** a template's subject, markup included */
  templateSubject: 400,
  /**
   * A template's source, Handlebars markup included. SMS: what Twilio takes
   * (the placeholders' values are checked again when rendered); Threema and
   * e-mail: twice what they may render to.
   */
  template: {
    sms: SMS_MAX_CHARACTERS,
    threema: 2 * THREEMA_MAX_BYTES,
    email: 40_000,
  } satisfies Record<Channel, number>,
} as const;

/** Why a text is too long, for the person who wrote it (German and English), or null when it fits. */
export function tooLong(text: string, limit: number): { de: string; en: string } | null {
  if (text.length <= limit) return null;
  const de = new Intl.NumberFormat('de-DE').format;
  const en = new Intl.NumberFormat('en-GB').format;
  return {
    de: `Der Text hat ${de(text.length)} Zeichen; erlaubt sind höchstens ${de(limit)}.`,
    en: `The text has ${en(text.length)} characters; at most ${en(limit)} are allowed.`,
  };
}
