/**
 * Templates per practice: the shipped defaults on first use, checked edits,
 * previews with real data, and the worst case with the longest names and
 * places the practice really has.
 */
import type { Core } from '@strapi/strapi';
import { getService } from '../../kernel/get-service';
import { type AddressForm, type Channel, type Locale, type TemplateKind } from '../../constants';
import { defaultTemplates } from '../domain/defaults';
import { buildTemplateContext, exampleContext } from '../domain/context';
import { PARTIAL_KINDS, isPartialKind, renderTemplate, TemplateError } from '../domain/templates';
import { parseTemplate } from '../validation';
import { hostRepository } from '../../host';
import {
  templatesRepository,
  type TemplateRow,
  type TemplateValues,
} from '../repositories/templates';
import { ConflictError, NotFoundError } from '../../kernel/errors';
import { refuse, refuseAny } from '../../kernel/validation/schema';
import { PROBLEMS, type Problem } from '../../kernel/validation/problems';
import { TEXT_LIMITS } from '../../../../shared/text-limits';
import {
  analyzeSms,
  smartEncodingSuggestion,
  smsWarnings,
  SMS_MAX_CHARACTERS,
  THREEMA_MAX_BYTES,
  threemaLengthProblem,
} from '../../../../shared/sms';
import { estimateCostTenthCents, type Prices } from '../../billing';

export interface TextAnalysis {
  encoding: string;
  units: number;
  segments: number;
  unitsLeft: number;
  nonGsmCharacters: string[];
  smartEncoded: { text: string; segments: number } | null;
  costCents: number;
  warnings: string[];
}

export const templatesService = (strapi: Core.Strapi) => {
  const repository = templatesRepository(strapi);

  /** The live counter's analysis of a text, priced at the practice's prices. */
  function analyzeAt(text: string, channel: Channel, prices: Prices): TextAnalysis {
    if (channel === 'email') {
      // Encoding and segments mean nothing for an e-mail; the SMS analysis would only cost time.
      return {
        encoding: 'UTF-8',
        units: text.length,
        segments: 1,
        unitsLeft: 0,
        nonGsmCharacters: [],
        smartEncoded: null,
        costCents: 0,
        warnings: [],
      };
    }
    const sms = analyzeSms(text);
    const suggestion = smartEncodingSuggestion(text);
    const segments = channel === 'sms' ? sms.segments : 1;
    const warnings: string[] = [];
    if (channel === 'sms') {
      for (const warning of smsWarnings(text, sms)) {
        if (warning.code === 'emoji')
          warnings.push('emoji: they switch the whole SMS to Unicode (70 characters per segment)');
        if (warning.code === 'unicode')
          warnings.push(`characters that force Unicode: ${warning.characters.join(' ')}`);
        if (warning.code === 'segments')
          warnings.push(`${warning.segments} segments: each one is billed`);
        if (warning.code === 'health')
          warnings.push(
            `health-related words (${warning.words.join(', ')}): SMS is not confidential; use Threema or a link`
          );
      }
      if (text.length > SMS_MAX_CHARACTERS)
        warnings.push(`longer than ${SMS_MAX_CHARACTERS} characters: Twilio refuses it`);
    }
    if (channel === 'threema' && threemaLengthProblem(text))
      warnings.push(`longer than ${THREEMA_MAX_BYTES} bytes: Threema refuses it`);
    return {
      encoding: sms.encoding,
      units: sms.units,
      segments,
      unitsLeft: sms.unitsLeft,
      nonGsmCharacters: sms.nonGsmCharacters,
      smartEncoded: suggestion ? { text: suggestion.text, segments: suggestion.segments } : null,
      costCents: estimateCostTenthCents(prices, channel, segments) / 10,
      warnings,
    };
  }

  async function partialsFor(
    practice: string,
    channel: Channel,
    addressForm: AddressForm,
    locale: Locale
  ) {
    const [salutation, greeting] = await Promise.all(
      PARTIAL_KINDS.map((kind) =>
        repository.findVariant(practice, kind, channel, addressForm, locale)
      )
    );
    return { salutation: salutation?.body ?? '', greeting: greeting?.body ?? '' };
  }

  /** The documented long examples, made longer by the longest names and places the practice really has. */
  async function worstCaseContext(
    practice: string,
    settings: { practiceName?: string | null },
    options: { locale: Locale; timeZone: string }
  ) {
    const longest = await hostRepository(strapi).longestValues(practice);
    const worst = exampleContext('long', options);
    const longer = (a: string | null, b: string) => (a && a.length > b.length ? a : b);
    worst.client.firstName = longer(longest.firstName, worst.client.firstName);
    worst.client.lastName = longer(longest.lastName, worst.client.lastName);
    worst.client.fullName = `${worst.client.firstName} ${worst.client.lastName}`;
    worst.appointment.location = longer(longest.location, worst.appointment.location);
    if (settings.practiceName) worst.practice.name = settings.practiceName;
    return worst;
  }

  /**
   * A Threema template must fit the gateway's limit in its worst case, else
   * every notice from it fails with 413 at send time. A salutation or
   * greeting is checked inside each template of its variant that uses it.
   */
  async function refuseOverThreemaLimit(
    practice: string,
    values: TemplateValues,
    id?: number
  ): Promise<void> {
    if (values.channel !== 'threema') return;
    const settings = await getService(strapi, 'settings').get(practice);
    const options = { locale: values.locale, timeZone: settings.timeZone };
    const worst = await worstCaseContext(practice, settings, options);
    const partials = await partialsFor(practice, values.channel, values.addressForm, values.locale);
    const isPartial = isPartialKind(values.kind);
    const checked = isPartial
      ? (
          await repository.list(practice, {
            channel: values.channel,
            addressForm: values.addressForm,
            locale: values.locale,
          })
        )
          .filter((template) => template.id !== id && !isPartialKind(template.kind))
          .map((template) => ({ body: template.body, kind: template.kind as TemplateKind | null }))
      : [{ body: values.body, kind: null }];
    if (isPartial) partials[values.kind as 'salutation' | 'greeting'] = values.body;
    for (const template of checked) {
      let text: string;
      try {
        text = renderTemplate(template.body, worst, { ...options, partials, escapeHtml: false });
      } catch (error) {
        if (error instanceof TemplateError) continue; // the preview names it; only its size is checked here
        throw error;
      }
      const problem = threemaLengthProblem(text);
      if (!problem) continue;
      const where = template.kind ? ` (in the ${template.kind} template)` : '';
      refuse(
        'body',
        PROBLEMS.other(
          'threema-too-long',
          `rendered with the longest values is ${problem.bytes} bytes; Threema allows at most ${problem.limit}${where}`,
          problem.reason.de,
          problem.reason.en
        )
      );
    }
  }

  async function owned(practice: string, id: number): Promise<TemplateRow> {
    const row = await repository.find(id);
    if (!row || row.practice !== practice) throw new NotFoundError(`no template with id ${id}`);
    return row;
  }

  return {
    /** POST /templates/analyze: the counter for the acting practice's prices */
    async analyze(practice: string, text: string, channel: Channel = 'sms'): Promise<TextAnalysis> {
      const settings = await getService(strapi, 'settings').get(practice);
      return analyzeAt(text, channel, getService(strapi, 'costs').prices(settings));
    },

    /** A new practice starts with the shipped texts (idempotent): the number created. */
    async ensureDefaults(practice: string): Promise<number> {
      if ((await repository.count(practice)) > 0) return 0;
      const rows = defaultTemplates().map((template) => ({
        ...template,
        name: null,
        isDefault: true,
      }));
      try {
        await repository.createMany(practice, rows);
      } catch (error) {
        // another instance seeded it at the same moment (unique index)
        if ((await repository.count(practice)) > 0) return 0;
        throw error;
      }
      return rows.length;
    },

    /** A GET: never writes. A practice gets its shipped templates when it is set up (settings) or on POST /templates/defaults. */
    async list(practice: string, query: Record<string, unknown> = {}) {
      const filters: Record<string, string> = {};
      for (const key of ['kind', 'channel', 'locale', 'addressForm'])
        if (typeof query[key] === 'string') filters[key] = query[key] as string;
      return repository.list(practice, filters);
    },

    async get(practice: string, id: number) {
      return owned(practice, id);
    },

    async create(practice: string, body: unknown) {
      const values = parseTemplate(body);
      if (
        await repository.findVariant(
          practice,
          values.kind,
          values.channel,
          values.addressForm,
          values.locale
        )
      ) {
        throw new ConflictError(
          `a ${values.kind} template for ${values.channel}, ${values.addressForm}, ${values.locale} exists already; change that one`,
          {
            de: 'Diese Vorlage gibt es für diesen Kanal, diese Anrede und diese Sprache schon: bitte jene ändern.',
            en: 'This template exists already for this channel, form of address and language: please change that one.',
          }
        );
      }
      await refuseOverThreemaLimit(practice, values);
      return repository.create(practice, values);
    },

    async update(practice: string, id: number, body: unknown) {
      const existing = await owned(practice, id);
      const values = parseTemplate(body, existing);
      const clash = await repository.findVariant(
        practice,
        values.kind,
        values.channel,
        values.addressForm,
        values.locale
      );
      if (clash && clash.id !== id) {
        throw new ConflictError(
          `another template already covers ${values.kind}/${values.channel}/${values.addressForm}/${values.locale}`,
          {
            de: 'Eine andere Vorlage deckt diesen Kanal, diese Anrede und diese Sprache schon ab.',
            en: 'Another template already covers this channel, form of address and language.',
          }
        );
      }
      await refuseOverThreemaLimit(practice, values, id);
      return repository.update(id, values);
    },

    async remove(practice: string, id: number) {
      await owned(practice, id);
      await repository.delete(id);
    },

    /** The next appointments, labelled, for the preview picker. */
    async previewChoices(practice: string) {
      const settings = await getService(strapi, 'settings').get(practice);
      const appointments = await hostRepository(strapi).upcomingAppointments(practice, 30);
      return appointments.map((appointment) => {
        const context = buildTemplateContext(
          { appointment },
          { locale: settings.locale, timeZone: settings.timeZone }
        );
        const who = appointment.client
          ? `${appointment.client.firstName} ${appointment.client.lastName}`
          : '–';
        return {
          appointmentId: appointment.documentId,
          label: `${context.appointment.date} ${context.appointment.time} · ${who}`,
        };
      });
    },

    /** "Send a test to me": the template rendered like the preview, queued as a test message to `to`. */
    async sendTest(practice: string, id: number, body: unknown) {
      const input = (typeof body === 'object' && body !== null ? body : {}) as Record<
        string,
        unknown
      >;
      const { template, typical } = await this.preview(
        practice,
        id,
        input.appointmentId ? { appointmentId: input.appointmentId } : {}
      );
      if (!typical.text)
        refuse(
          'body',
          PROBLEMS.other(
            'cannot-fill',
            `the template cannot be filled: ${typical.error}`,
            'Die Vorlage lässt sich mit diesen Daten nicht füllen; die Vorschau zeigt, woran es liegt.',
            'The template cannot be filled with these data; the preview shows why.'
          )
        );
      return getService(strapi, 'messages').queueTest(practice, {
        channel: template.channel,
        to: input.to,
        body: typical.text,
        subject: template.subject ?? 'Test',
      });
    },

    /**
     * Renders a template for a chosen client and appointment (or the
     * documented examples), plus the worst case with the longest real values.
     */
    async preview(practice: string, id: number, body: unknown) {
      const template = await owned(practice, id);
      const input = (typeof body === 'object' && body !== null ? body : {}) as Record<
        string,
        unknown
      >;
      const settings = await getService(strapi, 'settings').get(practice);
      const options = { locale: template.locale, timeZone: settings.timeZone };
      const partials = await partialsFor(
        practice,
        template.channel,
        template.addressForm,
        template.locale
      );
      const host = hostRepository(strapi);
      const problems: [string, Problem][] = [];

      // The practice's own name, phone and e-mail where it has set them.
      const practiceValues = {
        name: settings.practiceName ?? exampleContext('typical', options).practice.name,
        phone: settings.practicePhone ?? null,
        email: settings.practiceEmail ?? null,
      };
      let context = exampleContext('typical', options);
      if (settings.practiceName) context.practice = { ...context.practice, ...practiceValues };
      if (input.appointmentId !== undefined) {
        const appointment =
          typeof input.appointmentId === 'string'
            ? await host.findAppointment(input.appointmentId, practice)
            : null;
        if (!appointment)
          problems.push([
            'appointmentId',
            PROBLEMS.noSuch('appointment', String(input.appointmentId)),
          ]);
        else {
          context = buildTemplateContext(
            { client: appointment.client, appointment, practice: practiceValues, reason: null },
            options
          );
        }
      } else if (input.clientId !== undefined) {
        const client =
          typeof input.clientId === 'string'
            ? await host.findClient(input.clientId, practice)
            : null;
        if (!client) problems.push(['clientId', PROBLEMS.noSuch('client', String(input.clientId))]);
        else context = { ...context, client: buildTemplateContext({ client }, options).client };
      }
      // The editor's unsaved text, so that its counter shows what the dispatcher will send and charge.
      const draft = input.body;
      if (draft !== undefined && typeof draft !== 'string')
        problems.push(['body', PROBLEMS.notText()]);
      else if (typeof draft === 'string' && draft.length > TEXT_LIMITS.template[template.channel])
        problems.push(['body', PROBLEMS.tooLong(draft, TEXT_LIMITS.template[template.channel])]);
      refuseAny(problems);
      const source = typeof draft === 'string' ? draft : template.body;

      const worst = await worstCaseContext(practice, settings, options);
      const prices = getService(strapi, 'costs').prices(settings);

      const render = (values: Record<string, any>) => {
        try {
          const text = renderTemplate(source, values, { ...options, partials, escapeHtml: false });
          return {
            text,
            analysis: analyzeAt(text, template.channel, prices),
            error: null,
            reason: null,
          };
        } catch (error) {
          if (!(error instanceof TemplateError)) throw error;
          // the problems in words, or (a value missing while rendering) a sentence saying so
          const reason = error.problems.length
            ? {
                de: error.problems.map((p) => p.de).join(' '),
                en: error.problems.map((p) => p.en).join(' '),
              }
            : {
                de: 'Die Vorlage lässt sich mit diesen Daten nicht füllen.',
                en: 'The template cannot be filled with these data.',
              };
          return { text: null, analysis: null, error: error.message, reason };
        }
      };
      return {
        template,
        typical: render(context),
        worstCase: render(worst),
        templateCharacters: source.length,
      };
    },
  };
};
