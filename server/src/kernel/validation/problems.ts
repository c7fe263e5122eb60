/**
 * Every problem the server reports about input, once: a code for programs,
 * the technical phrase for the API's `message` (it follows the field name:
 * "to is not a valid phone number"), and a sentence for the person who
 * typed it, in German and English (the admin shows it next to the field).
 * FieldErrors takes nothing else, so no refusal can reach staff as code.
 */
import { tooLong as tooLongReason } from '../../../../shared/text-limits';

export interface Problem {
  code: string;
  /** the technical phrase after the field name, in English */
  message: string;
  de: string;
  en: string;
}

const problem = (code: string, message: string, de: string, en: string): Problem => ({
  code,
  message,
  de,
  en,
});

const germanDay = (day: string) => {
  const [year, month, date] = day.split('-');
  return `${Number(date)}.${Number(month)}.${year}`;
};

/** How staff call the things an id can name. */
const THINGS = {
  client: { de: 'Akte', en: 'client' },
  appointment: { de: 'Termin', en: 'appointment' },
  document: { de: 'Dokument', en: 'document' },
  template: { de: 'Vorlage', en: 'template' },
  'record type': { de: 'Akten-Typ', en: 'record type' },
  message: { de: 'Nachricht', en: 'message' },
  'bulk job': { de: 'Auftrag', en: 'bulk job' },
  invoice: { de: 'Rechnung', en: 'invoice' },
} as const;

export type Thing = keyof typeof THINGS;

export const PROBLEMS = {
  notObject: () =>
    problem(
      'not-object',
      'must be a JSON object',
      'Die Anfrage muss ein JSON-Objekt sein.',
      'The request must be a JSON object.'
    ),
  oneOf: (allowed: readonly string[]) =>
    problem(
      'not-one-of',
      `must be one of ${allowed.join(', ')}`,
      `Bitte einen dieser Werte wählen: ${allowed.join(', ')}.`,
      `Please choose one of: ${allowed.join(', ')}.`
    ),
  emptyText: () =>
    problem(
      'empty',
      'must be a non-empty text',
      'Bitte geben Sie einen Text ein.',
      'Please enter a text.'
    ),
  notText: () =>
    problem(
      'not-text',
      'must be a text',
      'Hier wird ein Text erwartet.',
      'A text is expected here.'
    ),
  notBoolean: () =>
    problem(
      'not-yes-no',
      'must be true or false',
      'Hier wird „ja“ oder „nein“ erwartet.',
      'Yes or no is expected here.'
    ),
  given: (what: string) =>
    problem(
      'missing',
      `is required${what ? ` (${what})` : ''}`,
      'Diese Angabe fehlt.',
      'This is missing.'
    ),
  once: () =>
    problem(
      'repeated',
      'must be given once',
      'Diese Angabe darf nur einmal vorkommen.',
      'This may be given only once.'
    ),
  tooLong: (text: string, limit: number) => {
    const reason = tooLongReason(text, limit) ?? {
      de: `Höchstens ${limit} Zeichen.`,
      en: `At most ${limit} characters.`,
    };
    return problem('too-long', `is longer than ${limit} characters`, reason.de, reason.en);
  },
  textOfAtMost: (limit: number) =>
    problem(
      'too-long',
      `must be text of at most ${limit} characters`,
      `Bitte höchstens ${limit} Zeichen.`,
      `At most ${limit} characters, please.`
    ),
  wholeNumber: (min: number, max: number) =>
    problem(
      'not-whole-number',
      `must be a whole number from ${min} to ${max}`,
      `Bitte eine ganze Zahl von ${min} bis ${max}.`,
      `Please give a whole number from ${min} to ${max}.`
    ),
  idOf: (thing: Thing) =>
    problem(
      'bad-id',
      `must be a ${thing} id`,
      `Das ist keine gültige Kennung für: ${THINGS[thing].de}.`,
      `That is not a valid ${THINGS[thing].en} id.`
    ),
  documentIdOf: (thing: Thing) =>
    problem(
      'bad-id',
      `must be a ${thing} documentId`,
      `Das ist keine gültige Kennung für: ${THINGS[thing].de}.`,
      `That is not a valid ${THINGS[thing].en} id.`
    ),
  idList: () =>
    problem(
      'bad-id-list',
      'must be a non-empty list of documentIds',
      'Bitte mindestens einen Eintrag auswählen.',
      'Please choose at least one.'
    ),
  noSuch: (thing: Thing, id: string) =>
    problem(
      'not-found',
      `no ${thing} with documentId ${id}`,
      `${THINGS[thing].de} „${id}“ gibt es nicht (mehr).`,
      `There is no ${THINGS[thing].en} "${id}" (any more).`
    ),
  notYourAppointment: (clientId: string) =>
    problem(
      'other-client',
      `is not an appointment of client ${clientId}`,
      'Dieser Termin gehört zu einer anderen Akte.',
      'This appointment belongs to another client.'
    ),
  notClientAddress: (label: string, clientId: string, de: string) =>
    problem(
      'not-client-address',
      `is not the ${label} of client ${clientId}`,
      `Das ist nicht ${de} dieser Akte.`,
      `That is not this client's ${label}.`
    ),
  clientLacks: (label: string, de: string) =>
    problem(
      'client-lacks',
      `has no ${label}`,
      `In der Akte fehlt ${de}.`,
      `The client record has no ${label}.`
    ),
  day: () =>
    problem(
      'not-a-day',
      'must be a date as "YYYY-MM-DD"',
      'Bitte ein echtes Datum angeben, z. B. 2026-12-01.',
      'Please give a real date, e.g. 2026-12-01.'
    ),
  dayOrTime: () =>
    problem(
      'not-a-date',
      'must be a date like 2026-12-01 or an ISO timestamp',
      'Bitte ein Datum wie 2026-12-01 oder einen Zeitpunkt angeben.',
      'Please give a date like 2026-12-01 or a time.'
    ),
  dayInPast: (day: string) =>
    problem(
      'day-in-past',
      `${day} is in the past`,
      `Der ${germanDay(day)} liegt in der Vergangenheit.`,
      `${day} is in the past.`
    ),
  month: () =>
    problem(
      'not-a-month',
      'must be a month like 2026-03',
      'Bitte einen Monat wie 2026-03 angeben.',
      'Please give a month like 2026-03.'
    ),
  notAfter: (other: string, de: string) =>
    problem(
      'order',
      `must not be after ${other}`,
      `Darf nicht nach ${de} liegen.`,
      `Must not be after ${other}.`
    ),
  notBefore: (other: string, de: string) =>
    problem(
      'order',
      `must not be before ${other}`,
      `Darf nicht vor ${de} liegen.`,
      `Must not be before ${other}.`
    ),
  mustBeAfter: (other: string, de: string) =>
    problem(
      'order',
      `must be after ${other}`,
      `Muss nach ${de} liegen.`,
      `Must be after ${other}.`
    ),
  phone: (kind: 'empty' | 'invalid' | 'landline' | 'not-mobile', prefix = '') => {
    const texts = {
      empty: ['is empty', 'Die Nummer fehlt.', 'The number is missing.'],
      invalid: [
        'is not a valid phone number',
        'Das ist keine gültige Telefonnummer.',
        'That is not a valid phone number.',
      ],
      landline: [
        'is a landline number; SMS needs a mobile number',
        'Das ist eine Festnetznummer; für SMS wird eine Handynummer gebraucht.',
        'That is a landline number; SMS needs a mobile number.',
      ],
      'not-mobile': [
        'is not a mobile number (e.g. toll-free or premium rate); SMS needs a mobile number',
        'Das ist keine Handynummer (z. B. eine Service- oder Sondernummer); für SMS wird eine Handynummer gebraucht.',
        'That is not a mobile number (e.g. toll-free or premium rate); SMS needs a mobile number.',
      ],
    } as const;
    const [message, de, en] = texts[kind];
    return problem(`phone-${kind}`, `${prefix}${message}`, de, en);
  },
  threemaId: () =>
    problem(
      'threema-id',
      'must be a Threema ID: 8 characters of A-Z, 0-9 or *',
      'Eine Threema-ID hat 8 Zeichen aus A–Z, 0–9 oder *.',
      'A Threema ID has 8 characters of A-Z, 0-9 or *.'
    ),
  email: () =>
    problem(
      'email',
      'is not an e-mail address',
      'Das ist keine gültige E-Mail-Adresse.',
      'That is not a valid e-mail address.'
    ),
  unknownSetting: () =>
    problem(
      'unknown-setting',
      'is not a setting',
      'Diese Einstellung gibt es nicht.',
      'There is no such setting.'
    ),
  /** what a schema part without its own Problem reports: still in words, never zod's English */
  invalid: () =>
    problem(
      'invalid',
      'is not valid here',
      'Dieser Wert ist hier nicht gültig.',
      'This value is not valid here.'
    ),
  /** a rule of one place only: its own code and both sentences */
  other: (code: string, message: string, de: string, en: string) => problem(code, message, de, en),
};
