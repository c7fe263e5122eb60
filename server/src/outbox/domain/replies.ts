/**
 * What a client's text reply says (issue 19): a consent keyword, and/or an
 * answer to the appointment the practice asked about. Pure.
 *
 * Consent keywords are Twilio's defaults (its Messaging Service blocks or
 * unblocks the number on its side when the whole body is one of them, so
 * our consent must follow it) plus the German words practices' clients
 * use. A keyword counts only as the whole reply, as at Twilio: "Stop
 * sending me reminders on Sundays" is a text for staff, not an opt-out.
 *
 * The answer parser is lenient (case, spaces, punctuation, emoji, common
 * misspellings) but never guesses: a question, or a reply that says yes
 * and no, is "unclear" and goes to a person.
 */

/** Twilio's default opt-out keywords, and the German ones. */
export const OPT_OUT_KEYWORDS = [
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
  'STOPP',
  'ABMELDEN',
  'ABBESTELLEN',
] as const;

/** Twilio's default opt-in keywords, and the German one. */
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP', 'YES', 'ANMELDEN'] as const;

export type ReplyAnswer = 'confirmed' | 'declined' | 'unclear';

export interface ReadReply {
  /** the reply as compared: trimmed, upper case, without surrounding punctuation */
  keyword: string;
  /** the whole reply is an opt-out / opt-in keyword */
  consent: 'withdrawn' | 'given' | null;
  /** what it answers about the appointment; null for an empty reply */
  answer: ReplyAnswer | null;
}

const CONFIRM_WORDS = new Set([
  'ja',
  'jaa',
  'jaaa',
  'jaja',
  'j',
  'jo',
  'joa',
  'jep',
  'jup',
  'yes',
  'yep',
  'y',
  'ok',
  'okay',
  'oki',
  'okey',
  'klar',
  'passt',
  'gerne',
  'gern',
  'bestätigt',
  'bestätige',
  'bestaetigt',
  'bestätigen',
  'sicher',
  '👍',
  '👌',
  '✅',
]);

const DECLINE_WORDS = new Set([
  'nein',
  'nain',
  'nien',
  'nee',
  'ne',
  'nö',
  'noe',
  'n',
  'no',
  'absage',
  'absagen',
  'abgesagt',
  'absagne',
  'asbage',
  'storno',
  'stornieren',
  'cancel',
  '👎',
  '❌',
]);

/** "kann nicht", "komme nicht": a decline even though the first word is not one */
const DECLINE_PHRASES = [
  /(^| )(kann|komme|schaffe) (es )?(leider )?nicht( |$)/,
  /(^| )nicht kommen( |$)/,
  /(^| )sage ab( |$)/,
];
/** "ich komme", "bin dabei" */
const CONFIRM_PHRASES = [/(^| )ich komme( |$)(?!nicht)/, /(^| )bin dabei( |$)/];

const EMOJI = /\p{Extended_Pictographic}/u;

/** Words of a reply, lower case, punctuation dropped but emoji kept as words of their own. */
function wordsOf(text: string): string[] {
  return text
    .normalize('NFC')
    .toLocaleLowerCase('de-DE')
    .replace(/(\p{Extended_Pictographic})/gu, ' $1 ')
    .replace(/[\uFE0F\u200D]/g, '')
    .split(/[^\p{L}\p{N}\p{Extended_Pictographic}]+/u)
    .filter(Boolean);
}

/** Reads one reply. */
export function readReply(text: string): ReadReply {
  const keyword = text
    .trim()
    .replace(/^[\p{P}\s]+|[\p{P}\s]+$/gu, '')
    .toUpperCase();
  const consent = (OPT_OUT_KEYWORDS as readonly string[]).includes(keyword)
    ? 'withdrawn'
    : (OPT_IN_KEYWORDS as readonly string[]).includes(keyword)
      ? 'given'
      : null;
  const words = wordsOf(text);
  if (words.length === 0) return { keyword, consent, answer: null };

  const lower = words.join(' ');
  // a yes or no word opens the reply ("Ja", "Leider nein"); one- and two-letter ones ("j", "ne")
  // only as the very first word, an emoji anywhere
  const opens = (set: Set<string>) =>
    words.some(
      (word, index) =>
        set.has(word) && (index === 0 || EMOJI.test(word) || (index === 1 && word.length > 2))
    );
  const says = {
    yes: opens(CONFIRM_WORDS) || CONFIRM_PHRASES.some((phrase) => phrase.test(lower)),
    no: opens(DECLINE_WORDS) || DECLINE_PHRASES.some((phrase) => phrase.test(lower)),
  };
  // "Ja?" or "Kann ich auf Donnerstag?": a question is for a person, as is yes-and-no
  const asks = text.includes('?');
  const answer: ReplyAnswer =
    asks || says.yes === says.no ? 'unclear' : says.yes ? 'confirmed' : 'declined';
  return { keyword, consent, answer };
}
