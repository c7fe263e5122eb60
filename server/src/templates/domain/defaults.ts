/**
 * The texts a new practice starts with: German (default) and English, formal
 * and informal, per kind and channel. SMS texts fit one segment with typical
 * values (tested), also with the express slip's short link, which the
 * confirmation and change texts carry (the seed article's habit); Threema texts may add the place or the video link; e-mails
 * have a subject. Practices change them on the Templates page.
 */
import type { AddressForm, Channel, Locale, TemplateKind } from '../../../../shared/vocabulary';

export interface DefaultTemplate {
  kind: TemplateKind;
  channel: Channel;
  addressForm: AddressForm;
  locale: Locale;
  subject: string | null;
  body: string;
}

type Texts = Record<AddressForm, string>;

const DE = {
  salutation: {
    formal:
      '{{#if (eq client.salutation "Frau")}}Guten Tag Frau {{client.lastName}}{{else}}{{#if (eq client.salutation "Herr")}}Guten Tag Herr {{client.lastName}}{{else}}Guten Tag {{client.fullName}}{{/if}}{{/if}}',
    informal: 'Hallo {{client.firstName}}',
  },
  greeting: { formal: 'Ihre {{practice.name}}', informal: 'Viele Grüße, {{practice.name}}' },
  confirmation: {
    formal:
      '{{> salutation}}, Ihr Termin am {{appointment.date}} um {{appointment.time}}{{#if appointment.online}} (online){{/if}} ist bestätigt. {{> greeting}}',
    informal:
      '{{> salutation}}, dein Termin am {{appointment.date}} um {{appointment.time}}{{#if appointment.online}} (online){{/if}} ist bestätigt. {{> greeting}}',
  },
  change: {
    formal:
      '{{> salutation}}, Ihr Termin wurde verlegt auf {{appointment.date}} um {{appointment.time}}{{#if appointment.online}} (online){{/if}}. {{> greeting}}',
    informal:
      '{{> salutation}}, dein Termin wurde verlegt auf {{appointment.date}} um {{appointment.time}}{{#if appointment.online}} (online){{/if}}. {{> greeting}}',
  },
  reminder: {
    formal:
      '{{> salutation}}, zur Erinnerung: Ihr Termin ist am {{appointment.date}} um {{appointment.time}}{{#if appointment.online}} (online){{/if}}. {{> greeting}}',
    informal:
      '{{> salutation}}, zur Erinnerung: dein Termin ist am {{appointment.date}} um {{appointment.time}}{{#if appointment.online}} (online){{/if}}. {{> greeting}}',
  },
  cancellation: {
    formal:
      '{{> salutation}}, Ihr Termin am {{appointment.date}} um {{appointment.time}} muss leider ausfallen{{#if reason}} ({{reason}}){{/if}}. {{> greeting}}',
    informal:
      '{{> salutation}}, dein Termin am {{appointment.date}} um {{appointment.time}} muss leider ausfallen{{#if reason}} ({{reason}}){{/if}}. {{> greeting}}',
  },
  'access-code': {
    formal: 'Ihr Zugangscode für den Dokumentendownload: {{code}} {{> greeting}}',
    informal: 'Dein Zugangscode für den Dokumentendownload: {{code}} {{> greeting}}',
  },
  'download-link': {
    formal:
      '{{> salutation}}, für Sie liegt ein Dokument zum sicheren Download bereit: {{downloadLink}} Den Zugangscode bekommen Sie getrennt von dieser Nachricht. {{> greeting}}',
    informal:
      '{{> salutation}}, für dich liegt ein Dokument zum sicheren Download bereit: {{downloadLink}} Den Zugangscode bekommst du getrennt von dieser Nachricht. {{> greeting}}',
  },
  slip: {
    formal:
      'Ihr Termin am {{appointment.date}} um {{appointment.time}}: {{slipLink}} {{> greeting}}',
    informal:
      'Dein Termin am {{appointment.date}} um {{appointment.time}}: {{slipLink}} {{> greeting}}',
  },
  bulk: { formal: '{{text}} {{> greeting}}', informal: '{{text}} {{> greeting}}' },
} satisfies Record<TemplateKind, Texts>;

const EN = {
  salutation: {
    formal:
      '{{#if (eq client.salutation "Frau")}}Dear Ms {{client.lastName}}{{else}}{{#if (eq client.salutation "Herr")}}Dear Mr {{client.lastName}}{{else}}Dear {{client.fullName}}{{/if}}{{/if}}',
    informal: 'Hi {{client.firstName}}',
  },
  greeting: { formal: '{{practice.name}}', informal: 'Best, {{practice.name}}' },
  confirmation: {
    formal:
      '{{> salutation}}, your appointment on {{appointment.date}} at {{appointment.time}}{{#if appointment.online}} (online){{/if}} is confirmed. {{> greeting}}',
    informal:
      '{{> salutation}}, your appointment on {{appointment.date}} at {{appointment.time}}{{#if appointment.online}} (online){{/if}} is confirmed. {{> greeting}}',
  },
  change: {
    formal:
      '{{> salutation}}, your appointment has moved to {{appointment.date}} at {{appointment.time}}{{#if appointment.online}} (online){{/if}}. {{> greeting}}',
    informal:
      '{{> salutation}}, your appointment has moved to {{appointment.date}} at {{appointment.time}}{{#if appointment.online}} (online){{/if}}. {{> greeting}}',
  },
  reminder: {
    formal:
      '{{> salutation}}, a reminder of your appointment on {{appointment.date}} at {{appointment.time}}{{#if appointment.online}} (online){{/if}}. {{> greeting}}',
    informal:
      '{{> salutation}}, a reminder of your appointment on {{appointment.date}} at {{appointment.time}}{{#if appointment.online}} (online){{/if}}. {{> greeting}}',
  },
  cancellation: {
    formal:
      '{{> salutation}}, we have to cancel your appointment on {{appointment.date}} at {{appointment.time}}{{#if reason}} ({{reason}}){{/if}}. {{> greeting}}',
    informal:
      '{{> salutation}}, we have to cancel your appointment on {{appointment.date}} at {{appointment.time}}{{#if reason}} ({{reason}}){{/if}}. {{> greeting}}',
  },
  'access-code': {
    formal: 'Your access code for the document download: {{code}} {{> greeting}}',
    informal: 'Your access code for the document download: {{code}} {{> greeting}}',
  },
  'download-link': {
    formal:
      '{{> salutation}}, a document is ready for you to download securely: {{downloadLink}} You get the access code separately from this message. {{> greeting}}',
    informal:
      '{{> salutation}}, a document is ready for you to download securely: {{downloadLink}} You get the access code separately from this message. {{> greeting}}',
  },
  slip: {
    formal:
      'Your appointment on {{appointment.date}} at {{appointment.time}}: {{slipLink}} {{> greeting}}',
    informal:
      'Your appointment on {{appointment.date}} at {{appointment.time}}: {{slipLink}} {{> greeting}}',
  },
  bulk: { formal: '{{text}} {{> greeting}}', informal: '{{text}} {{> greeting}}' },
} satisfies Record<TemplateKind, Texts>;

/** Threema may be longer: where to go, or the video link. */
const PLACE: Record<Locale, string> = {
  de: '{{#if appointment.online}} Link: {{appointment.onlineLink}}{{else}}{{#if appointment.location}} Ort: {{appointment.location}}{{/if}}{{/if}}',
  en: '{{#if appointment.online}} Link: {{appointment.onlineLink}}{{else}}{{#if appointment.location}} Place: {{appointment.location}}{{/if}}{{/if}}',
};
const APPOINTMENT_KINDS: TemplateKind[] = ['confirmation', 'change', 'reminder'];
/** The express slip's short link, on every channel: the client keeps the one message that has it all. */
const SLIP: Record<Locale, string> = {
  de: '{{#if slipLink}} Terminzettel: {{slipLink}}{{/if}}',
  en: '{{#if slipLink}} Slip: {{slipLink}}{{/if}}',
};
const SLIP_KINDS: TemplateKind[] = ['confirmation', 'change'];

const SUBJECTS: Record<Locale, Partial<Record<TemplateKind, string>>> = {
  de: {
    confirmation: 'Terminbestätigung: {{appointment.date}} um {{appointment.time}}',
    change: 'Terminänderung: jetzt {{appointment.date}} um {{appointment.time}}',
    reminder: 'Terminerinnerung: {{appointment.date}} um {{appointment.time}}',
    cancellation: 'Terminabsage: {{appointment.date}} um {{appointment.time}}',
    'access-code': 'Ihr Zugangscode',
    'download-link': 'Ein Dokument für Sie: {{practice.name}}',
    slip: 'Ihr Terminzettel',
    bulk: 'Mitteilung von {{practice.name}}',
  },
  en: {
    confirmation: 'Appointment confirmed: {{appointment.date}} at {{appointment.time}}',
    change: 'Appointment moved: now {{appointment.date}} at {{appointment.time}}',
    reminder: 'Appointment reminder: {{appointment.date}} at {{appointment.time}}',
    cancellation: 'Appointment cancelled: {{appointment.date}} at {{appointment.time}}',
    'access-code': 'Your access code',
    'download-link': 'A document for you: {{practice.name}}',
    slip: 'Your appointment slip',
    bulk: 'A message from {{practice.name}}',
  },
};

export function defaultTemplates(): DefaultTemplate[] {
  const out: DefaultTemplate[] = [];
  for (const [locale, texts] of [
    ['de', DE],
    ['en', EN],
  ] as const) {
    for (const [kind, forms] of Object.entries(texts) as [TemplateKind, Texts][]) {
      for (const addressForm of ['formal', 'informal'] as const) {
        for (const channel of ['sms', 'threema', 'email'] as const) {
          if (kind === 'download-link' && channel !== 'email') continue; // the link goes by e-mail, the code by another channel
          const place = channel !== 'sms' && APPOINTMENT_KINDS.includes(kind) ? PLACE[locale] : '';
          const slip = SLIP_KINDS.includes(kind) ? SLIP[locale] : '';
          const body = forms[addressForm].replace(
            ' {{> greeting}}',
            `${place}${slip}${channel === 'email' && place ? '\n\n' : ' '}{{> greeting}}`
          );
          const isPart = kind === 'salutation' || kind === 'greeting';
          out.push({
            kind,
            channel,
            addressForm,
            locale,
            subject: channel === 'email' && !isPart ? (SUBJECTS[locale][kind] ?? null) : null,
            body,
          });
        }
      }
    }
  }
  return out;
}
