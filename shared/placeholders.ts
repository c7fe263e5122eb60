/**
 * The documented placeholders of message templates: a fixed set, each with a
 * typical example and a long one (the editor shows them; the server uses the
 * long ones when the practice's data has nothing longer).
 */
export interface Placeholder {
  path: string;
  type: 'text' | 'boolean' | 'date' | 'number';
  de: string;
  en: string;
  example: string | boolean | number;
  longExample?: string;
}

export const PLACEHOLDERS: readonly Placeholder[] = [
  {
    path: 'client.salutation',
    type: 'text',
    de: 'Anrede (Frau, Herr, Divers oder leer)',
    en: 'Salutation (Frau, Herr, Divers or empty)',
    example: 'Frau',
  },
  {
    path: 'client.firstName',
    type: 'text',
    de: 'Vorname',
    en: 'First name',
    example: 'Anna',
    longExample: 'Henriette-Luise',
  },
  {
    path: 'client.lastName',
    type: 'text',
    de: 'Nachname',
    en: 'Last name',
    example: 'Müller',
    longExample: 'Freifrau von Bülow-Märzenbecher',
  },
  {
    path: 'client.fullName',
    type: 'text',
    de: 'Vor- und Nachname',
    en: 'Full name',
    example: 'Anna Müller',
    longExample: 'Henriette-Luise Freifrau von Bülow-Märzenbecher',
  },
  {
    path: 'client.formal',
    type: 'boolean',
    de: 'Sie-Form (sonst du)',
    en: 'Formal address (else informal)',
    example: true,
  },
  {
    path: 'client.recordType',
    type: 'text',
    de: 'Akten-Typ',
    en: 'Record type',
    example: 'Erwachsene Einzeltherapie',
    longExample: 'Kinder- und Jugendlichentherapie',
  },
  {
    path: 'appointment.start',
    type: 'date',
    de: 'Beginn (für date, time, dateTime)',
    en: 'Start (for date, time, dateTime)',
    example: '2026-12-01T13:30:00.000Z',
  },
  {
    path: 'appointment.end',
    type: 'date',
    de: 'Ende',
    en: 'End',
    example: '2026-12-01T14:20:00.000Z',
  },
  {
    path: 'appointment.date',
    type: 'text',
    de: 'Datum, kurz',
    en: 'Date, short',
    example: 'Di., 1.12.',
    longExample: 'Mi., 30.12.',
  },
  { path: 'appointment.time', type: 'text', de: 'Uhrzeit', en: 'Time', example: '14:30' },
  {
    path: 'appointment.weekday',
    type: 'text',
    de: 'Wochentag',
    en: 'Weekday',
    example: 'Dienstag',
    longExample: 'Donnerstag',
  },
  {
    path: 'appointment.durationMinutes',
    type: 'number',
    de: 'Dauer in Minuten',
    en: 'Duration in minutes',
    example: 50,
  },
  {
    path: 'appointment.location',
    type: 'text',
    de: 'Ort',
    en: 'Location',
    example: 'Praxisraum 1',
    longExample: 'Gruppenraum „Lindenblatt“, Hinterhaus, Hauptstraße 12a, 10115 Berlin',
  },
  {
    path: 'appointment.online',
    type: 'boolean',
    de: 'Online-Termin',
    en: 'Online appointment',
    example: false,
  },
  {
    path: 'appointment.onlineLink',
    type: 'text',
    de: 'Link zum Online-Termin',
    en: 'Online appointment link',
    example: 'https://video.example.org/raum/42',
  },
  {
    path: 'appointment.previousDate',
    type: 'text',
    de: 'Bisheriges Datum (bei Änderung)',
    en: 'Previous date (on change)',
    example: 'Mo., 30.11.',
  },
  {
    path: 'appointment.previousTime',
    type: 'text',
    de: 'Bisherige Uhrzeit (bei Änderung)',
    en: 'Previous time (on change)',
    example: '09:00',
  },
  {
    path: 'practice.name',
    type: 'text',
    de: 'Name der Praxis',
    en: 'Practice name',
    example: 'Praxis Lindenblatt',
    longExample: 'Praxisgemeinschaft für Psychotherapie am Lindenblatt',
  },
  {
    path: 'practice.phone',
    type: 'text',
    de: 'Telefon der Praxis',
    en: 'Practice phone',
    example: '030 1234567',
  },
  {
    path: 'practice.email',
    type: 'text',
    de: 'E-Mail der Praxis',
    en: 'Practice e-mail',
    example: 'praxis@example.org',
  },
  {
    path: 'slipLink',
    type: 'text',
    de: 'Kurzlink zum Terminzettel',
    en: 'Short link to the appointment slip',
    example: 'https://p.example/s/Ab3dE7x',
  },
  {
    path: 'downloadLink',
    type: 'text',
    de: 'Link zum sicheren Dokumentendownload',
    en: 'Secure download link',
    example: 'https://p.example/d/Xy8k…',
  },
  { path: 'code', type: 'text', de: 'Zugangscode', en: 'Access code', example: 'K7M4PX' },
  {
    path: 'reason',
    type: 'text',
    de: 'Grund (z. B. bei Absage)',
    en: 'Reason (e.g. for a cancellation)',
    example: 'Krankheit',
    longExample: 'kurzfristige Erkrankung der Therapeutin',
  },
  {
    path: 'text',
    type: 'text',
    de: 'Freier Text (Massenbenachrichtigung)',
    en: 'Free text (bulk notice)',
    example: 'Die Praxis ist vom 23.12. bis 2.1. geschlossen.',
  },
];

export const PLACEHOLDER_PATHS: ReadonlySet<string> = new Set(PLACEHOLDERS.map((p) => p.path));

/** Helpers templates may call; everything else is refused at save time. */
export const TEMPLATE_HELPERS = [
  'if',
  'unless',
  'else',
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'and',
  'or',
  'not',
  'date',
  'time',
  'dateTime',
  'weekday',
] as const;

/** Partials templates may use: the short salutation and greeting of the same channel, form and language. */
export const TEMPLATE_PARTIALS = ['salutation', 'greeting'] as const;
