/**
 * The one place a message text is made from a practice's template: the
 * variant for the channel, the client's language and address form, the
 * salutation and greeting partials, the context of documented placeholders,
 * smart encoding for SMS where the practice wants it, and the SMS segments
 * and price of the result. Notices, access codes and download links, and the
 * side panel's prefilled texts all come from here, so what staff see is what
 * is sent and billed.
 */
import type { Core } from '@strapi/strapi';
import type { PracticeSettings } from '../../../../shared/contracts/settings';
import { analyzeSms, smartEncode } from '../../../../shared/sms';
import type { AddressForm, Channel, Locale, TemplateKind } from '../../../../shared/vocabulary';
import { estimateCostTenthCents } from '../../billing';
import { buildTemplateContext } from '../domain/context';
import { renderTemplate, TemplateError } from '../domain/templates';
import type { HostAppointment, HostClient } from '../../host';
import { templatesRepository, type TemplateRow } from '../repositories/templates';
import { getService } from '../../kernel/get-service';

/** Template reads shared across many renders (a mass cancellation, a bulk job). */
export type TemplateCache = Map<string, Promise<TemplateRow | null>>;

export interface MessageValues {
  appointment?: HostAppointment | null;
  slipLink?: string | null;
  reason?: string | null;
  code?: string | null;
  downloadLink?: string | null;
}

export type Rendered =
  | { ok: true; body: string; subject: string | null; segments: number; costTenthCents: number }
  /** no template for this kind, channel, language and address form; or one that does not render */
  | { ok: false; problem: 'no-template' | 'template-error'; message: string };

/** The client's language (a client may ask for English) and address form. */
export const voiceOf = (
  client: HostClient | null,
  settings: PracticeSettings
): { locale: Locale; addressForm: AddressForm } => ({
  locale: client?.language === 'en' ? 'en' : settings.locale,
  addressForm: client && !client.formalAddress ? 'informal' : 'formal',
});

export const renderingService = (strapi: Core.Strapi) => {
  const templates = templatesRepository(strapi);

  return {
    async render(
      practice: string,
      kind: TemplateKind,
      channel: Channel,
      client: HostClient | null,
      settings: PracticeSettings,
      values: MessageValues = {},
      cache: TemplateCache = new Map()
    ): Promise<Rendered> {
      const { locale, addressForm } = voiceOf(client, settings);
      const variant = (which: TemplateKind) => {
        const key = `${practice}/${which}/${channel}/${addressForm}/${locale}`;
        if (!cache.has(key))
          cache.set(key, templates.findVariant(practice, which, channel, addressForm, locale));
        return cache.get(key)!;
      };
      const [template, salutation, greeting] = await Promise.all([
        variant(kind),
        variant('salutation'),
        variant('greeting'),
      ]);
      if (!template)
        return {
          ok: false,
          problem: 'no-template',
          message: `no ${kind} template for ${channel}/${addressForm}/${locale}`,
        };
      const context = buildTemplateContext(
        {
          client: client ? { ...client, recordType: client.recordTypeName } : null,
          appointment: values.appointment ?? null,
          practice: {
            name: settings.practiceName,
            phone: settings.practicePhone,
            email: settings.practiceEmail,
          },
          slipLink: values.slipLink ?? null,
          reason: values.reason ?? null,
          code: values.code ?? null,
          downloadLink: values.downloadLink ?? null,
        },
        { locale, timeZone: settings.timeZone }
      );
      try {
        const options = {
          locale,
          timeZone: settings.timeZone,
          partials: { salutation: salutation?.body ?? '', greeting: greeting?.body ?? '' },
        } as const;
        let body = renderTemplate(template.body, context, options);
        if (channel === 'sms' && settings.smartEncodeSms) body = smartEncode(body);
        const subject =
          channel === 'email' && template.subject
            ? renderTemplate(template.subject, context, { ...options, partials: {} })
            : null;
        const segments = channel === 'sms' ? analyzeSms(body).segments : 1;
        return {
          ok: true,
          body,
          subject,
          segments,
          costTenthCents: estimateCostTenthCents(
            getService(strapi, 'costs').prices(settings),
            channel,
            segments
          ),
        };
      } catch (error) {
        if (error instanceof TemplateError)
          return { ok: false, problem: 'template-error', message: `template: ${error.message}` };
        throw error;
      }
    },
  };
};
