/**
 * SMS segment maths, shared by the server (stored estimate, cost) and the
 * admin (live counter). Built on sms-segments-calculator, which Twilio keeps
 * and whose counts matched live Twilio billing (protocols.md C4); the units
 * shown are septets for GSM-7 and UTF-16 code units for UCS-2, the same unit
 * as the 160/153 and 70/67 limits.
 */
import { SegmentedMessage } from 'sms-segments-calculator';
import SmartEncodingMap from 'sms-segments-calculator/dist/libs/SmartEncodingMap';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsAnalysis {
  encoding: SmsEncoding;
  /** septets (GSM-7, extension characters count 2) or UTF-16 code units (UCS-2) */
  units: number;
  segments: number;
  /** limit of one segment at this length: 160/70 for a single SMS, 153/67 per part otherwise */
  unitsPerSegment: number;
  /** units still free in the last segment before another one starts */
  unitsLeft: number;
  /** the characters that forced UCS-2, each once, in order of appearance */
  nonGsmCharacters: string[];
}

const SINGLE = { 'GSM-7': 160, 'UCS-2': 70 } as const;
const MULTI = { 'GSM-7': 153, 'UCS-2': 67 } as const;

const unique = (values: string[]) => [...new Set(values)];

export function analyzeSms(text: string, smartEncoding = false): SmsAnalysis {
  const message = new SegmentedMessage(text, 'auto', smartEncoding);
  const encoding = message.encodingName as SmsEncoding;
  // messageSize is in bits without the UDH: 7 per septet, 16 per UTF-16 unit.
  const units = Math.round(message.messageSize / (encoding === 'GSM-7' ? 7 : 16));
  const segments = message.segmentsCount;
  const unitsPerSegment = segments <= 1 ? SINGLE[encoding] : MULTI[encoding];
  const bitsPerUnit = encoding === 'GSM-7' ? 7 : 16;
  const lastSegment = message.segments[message.segments.length - 1];
  const unitsLeft =
    segments <= 1
      ? SINGLE[encoding] - units
      : Math.floor((lastSegment?.freeSizeInBits() ?? 0) / bitsPerUnit);
  return {
    encoding,
    units,
    segments,
    unitsPerSegment,
    unitsLeft: Math.max(0, unitsLeft),
    nonGsmCharacters: unique(message.getNonGsmCharacters()),
  };
}

const SMART: Record<string, string> =
  (SmartEncodingMap as unknown as { default?: Record<string, string> }).default ??
  (SmartEncodingMap as unknown as Record<string, string>);

/**
 * Twilio's Smart Encoding, as a rewrite the practice can see and apply:
 * look-alikes („ “ ” ‘ ’ – — … non-breaking space and the like) become GSM
 * characters, from the map sms-segments-calculator ships (protocols.md C3).
 */
export function smartEncode(text: string): string {
  let out = '';
  for (const char of text) out += SMART[char] ?? char;
  return out;
}

export interface SmartEncodingSuggestion {
  text: string;
  segments: number;
  encoding: SmsEncoding;
  /** segments saved against the text as written */
  segmentsSaved: number;
  /** the characters that would be replaced, each once */
  replaced: { from: string; to: string }[];
}

/** The suggested rewrite, or null when it changes nothing. Pass the text's analysis if you have it. */
export function smartEncodingSuggestion(
  text: string,
  before: SmsAnalysis = analyzeSms(text)
): SmartEncodingSuggestion | null {
  const rewritten = smartEncode(text);
  if (rewritten === text) return null;
  const after = analyzeSms(rewritten);
  const replaced = [...new Set([...text].filter((char) => SMART[char] !== undefined))].map(
    (from) => ({ from, to: SMART[from] })
  );
  return {
    text: rewritten,
    segments: after.segments,
    encoding: after.encoding,
    segmentsSaved: before.segments - after.segments,
    replaced,
  };
}

/** Emoji and other pictographs: they force UCS-2 and cost the most. */
export const hasEmoji = (text: string): boolean => /\p{Extended_Pictographic}/u.test(text);

/** Words that make an SMS a health disclosure: SMS is not confidential. */
const HEALTH_WORDS =
  /(?<![\p{L}])(diagnos|befund|therapie|psycho|depress|angst|sucht|medikament|krank|blut|labor|hiv|krebs|schwanger|trauma|diagnosis|finding|depression|anxiety|addiction|medication|illness|cancer|pregnan)[\p{L}]*/giu;

export type SmsWarning =
  | { code: 'emoji' }
  | { code: 'unicode'; characters: string[] }
  | { code: 'segments'; segments: number }
  | { code: 'health'; words: string[] };

/** What the editor warns about in an SMS text (server and admin use the same rules). */
export function smsWarnings(text: string, analysis: SmsAnalysis = analyzeSms(text)): SmsWarning[] {
  const warnings: SmsWarning[] = [];
  if (hasEmoji(text)) warnings.push({ code: 'emoji' });
  else if (analysis.encoding === 'UCS-2')
    warnings.push({ code: 'unicode', characters: analysis.nonGsmCharacters });
  if (analysis.segments > 1) warnings.push({ code: 'segments', segments: analysis.segments });
  const health = [...new Set((text.match(HEALTH_WORDS) ?? []).map((word) => word.toLowerCase()))];
  if (health.length > 0) warnings.push({ code: 'health', words: health });
  return warnings;
}

/** Twilio's limit for one message body (protocols.md A2). */
export const SMS_MAX_CHARACTERS = 1600;
/** Threema Gateway's limit for a text (protocols.md B2). */
export const THREEMA_MAX_BYTES = 3500;

export const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

export interface ThreemaLengthProblem {
  bytes: number;
  limit: number;
  /** for the person who wrote the text, in German and English */
  reason: { de: string; en: string };
}

/**
 * Why a text cannot go by Threema, or null when it can: the gateway
 * refuses more than 3,500 bytes of UTF-8 (413, protocols.md B2). Apply it to
 * the text as it will be sent (after rendering): "€" is 1 character but 3
 * bytes, so a text SMS accepts may still be too long for Threema. The one
 * rule for manual sends, bulk jobs and Threema templates.
 */
export function threemaLengthProblem(text: string): ThreemaLengthProblem | null {
  const bytes = utf8Bytes(text);
  if (bytes <= THREEMA_MAX_BYTES) return null;
  return {
    bytes,
    limit: THREEMA_MAX_BYTES,
    reason: {
      de: `Der Text ist ${bytes} Bytes lang; Threema erlaubt höchstens ${THREEMA_MAX_BYTES} Bytes (UTF-8).`,
      en: `The text is ${bytes} bytes long; Threema allows at most ${THREEMA_MAX_BYTES} bytes (UTF-8).`,
    },
  };
}
