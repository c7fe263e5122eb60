import type { Core } from '@strapi/strapi';
import { transaction } from './kernel/repositories/db';
import { getService } from './kernel/get-service';
import { errors } from '@strapi/utils';
import { PLUGIN_ID, UID } from './constants';
import { checkNoticeSwitches } from '../../shared/notice-switches';
import { checkHostMapping, formatMappingProblems, type SchemaLookup } from './host';
import { pluginConfig } from './kernel/plugin-config';
import { hostRepository, isPluginWrite, useDocumentMiddleware } from './host';
import { appointmentEventOf } from './host';
import { buildProviders, type ProviderSet } from './outbox';

/**
 * Fail fast: a host mapping that names a content type or attribute the app
 * does not have would only surface at the first send. Stop Strapi here, with
 * the config key in the message.
 */
const assertHostMapping = (strapi: Core.Strapi) => {
  const lookup: SchemaLookup = (uid) => {
    const contentType = strapi.contentTypes[uid as keyof typeof strapi.contentTypes] as unknown as
      | { attributes: Record<string, Record<string, unknown>> }
      | undefined;
    if (!contentType) return contentType as unknown as ReturnType<SchemaLookup>;
    // Custom fields are resolved to their stored type only after every register(); look it up here.
    const attributes = Object.fromEntries(
      Object.entries(contentType.attributes).map(([name, attribute]) =>
        attribute?.type === 'customField'
          ? [
              name,
              {
                ...attribute,
                type:
                  strapi.get('custom-fields').get(attribute.customField)?.type ?? attribute.type,
              },
            ]
          : [name, attribute]
      )
    );
    return { ...contentType, attributes } as unknown as ReturnType<SchemaLookup>;
  };
  const problems = checkHostMapping(pluginConfig(strapi).host, lookup);
  if (problems.length > 0) throw new Error(formatMappingProblems(problems));
};

/**
 * Links and provider callbacks need the URL the world reaches this Strapi
 * at. Without a `publicUrl` of its own the plugin uses Strapi's: `server.url`
 * in its absolute form (Strapi derives it from host and port when the url
 * is unset or a path).
 */
const usePublicUrlOfServer = (strapi: Core.Strapi) => {
  if (pluginConfig(strapi).publicUrl) return;
  strapi.config.set(`plugin::${PLUGIN_ID}.publicUrl`, strapi.config.get('server.absoluteUrl'));
};

/**
 * Fail fast, like the upload plugin: every channel's provider is built now,
 * so a provider module that cannot be found, has no init() or no send(), or
 * a built-in one without an option it needs stops Strapi with its name.
 * One thing only warns: Twilio sends with an API key and secret, but checks
 * signatures with the auth token alone; without it delivery reports and
 * STOP replies cannot be verified (they are refused, and the status page
 * says so).
 */
const buildAndCheckProviders = (strapi: Core.Strapi) => {
  const providers: ProviderSet = buildProviders(strapi, pluginConfig(strapi));
  if (providers.callbacks.twilio && !providers.callbacks.twilio.authToken) {
    strapi.log.warn(
      '[messaging] Twilio is set up without its auth token (providers.sms.providerOptions.authToken or TWILIO_AUTH_TOKEN): ' +
        'SMS are sent with the API key, but delivery reports and STOP replies cannot be verified and are refused, so no delivery status is recorded.'
    );
  }
  getService(strapi, 'dispatcher').useProviders(providers);
};

/** Whether the request behind a host save asks for English first (the Content Manager shows our messages as they are). */
const asksForEnglish = (strapi: Core.Strapi) =>
  /^en\b/i.test(String(strapi.requestContext?.get()?.request?.headers?.['accept-language'] ?? ''));

/**
 * A client's notice switches (or a record type's defaults) are checked before the save: a 400
 * naming the field, nothing stored. The Content Manager shows the message as it is, so it is in
 * words, in the language the browser asks for first (German otherwise); the paths and the rules
 * are in `details.errors` for API callers.
 */
const assertNoticeSwitches = (strapi: Core.Strapi, field: string, value: unknown) => {
  const problems = checkNoticeSwitches(value);
  if (problems.length === 0) return;
  const english = asksForEnglish(strapi);
  const label = english ? 'Automatic notices' : 'Automatische Benachrichtigungen';
  throw new errors.ValidationError(
    `${label}: ${[...new Set(problems.map((p) => (english ? p.en : p.de)))].join(' ')}`,
    {
      errors: problems.map((p) => ({
        path: [field, ...p.path],
        message: `${[field, ...p.path].join('.')} ${p.message}`,
        name: 'ValidationError',
        reason: { de: p.de, en: p.en },
      })),
    }
  );
};

/**
 * An appointment whose own practice is not its client's: a 400 naming the
 * practice attribute, in the language the browser asks for first (German
 * otherwise), as the Content Manager shows it.
 */
const refusePracticeConflict = (strapi: Core.Strapi, field: string): never => {
  const english = asksForEnglish(strapi);
  const message = english
    ? 'Practice: the appointment and its client belong to different practices.'
    : 'Praxis: Termin und Akte gehören zu verschiedenen Praxen.';
  throw new errors.ValidationError(message, {
    errors: [
      {
        path: [field],
        message: `${field} must be the practice of the appointment's client`,
        name: 'ValidationError',
        reason: {
          de: 'Termin und Akte gehören zu verschiedenen Praxen.',
          en: 'The appointment and its client belong to different practices.',
        },
      },
    ],
  });
};

const sameInstant = (a: unknown, b: unknown) =>
  (a ? new Date(a as string).getTime() : null) === (b ? new Date(b as string).getTime() : null);

/**
 * The host's appointments and clients are watched with a Document Service
 * middleware (database lifecycles fire several times per publish and never
 * see a publish as an update). For an appointment it only notes, in the
 * save's transaction, that something relevant happened: one small row for
 * the planner, which plans the notices outside the request. A save that
 * changes neither time nor status writes nothing.
 */
const watchHostDocuments = (strapi: Core.Strapi) => {
  const config = pluginConfig(strapi);
  const { host } = config;
  useDocumentMiddleware(strapi, async (context, next) => {
    if (context.uid === host.client.uid && context.action === 'update' && host.practice) {
      // a client moved to another practice while an appointment of theirs keeps its own
      const documentId = (context.params as { documentId?: string } | undefined)?.documentId;
      return transaction(strapi, async () => {
        const result = await checkClientFields(strapi, context, next);
        if (documentId && (await hostRepository(strapi).practiceConflict({ client: documentId })))
          refusePracticeConflict(strapi, host.practice!.client ?? 'client');
        return result;
      });
    }
    if (
      context.uid === host.client.uid &&
      (context.action === 'create' || context.action === 'update')
    ) {
      return checkClientFields(strapi, context, next);
    }
    if (
      host.recordType &&
      context.uid === host.recordType.uid &&
      (context.action === 'create' || context.action === 'update')
    ) {
      const data = (context.params as { data?: Record<string, unknown> } | undefined)?.data;
      const field = host.recordType.fields.notificationDefaults;
      if (data && field) assertNoticeSwitches(strapi, field, data[field]);
      return next();
    }
    if (context.uid !== host.appointment.uid || isPluginWrite()) return next();
    if (host.practice?.appointment && ['create', 'update'].includes(context.action)) {
      // Refused inside the save's transaction: nothing stays stored.
      return transaction(strapi, async () => {
        const result = await planAppointmentSave(strapi, context, next);
        const saved = (result as { documentId?: string } | null)?.documentId;
        if (saved && (await hostRepository(strapi).practiceConflict({ appointment: saved })))
          refusePracticeConflict(strapi, host.practice!.appointment!);
        return result;
      });
    }
    return planAppointmentSave(strapi, context, next);
  });
};

type DocumentMiddleware = Parameters<Core.Strapi['documents']['use']>[0];
type MiddlewareContext = Parameters<DocumentMiddleware>[0];
type Next = Parameters<DocumentMiddleware>[1];

/**
 * A client's save: its notice switches are checked, and a new record
 * starts with its record type's switches.
 */
async function checkClientFields(strapi: Core.Strapi, context: MiddlewareContext, next: Next) {
  const { host } = pluginConfig(strapi);
  const data = (context.params as { data?: Record<string, unknown> } | undefined)?.data;
  const field = host.client.fields.notificationSettings;
  if (data && field) assertNoticeSwitches(strapi, field, data[field]);
  const typeField = host.client.fields.recordType;
  if (
    context.action === 'create' &&
    data &&
    field &&
    typeField &&
    !data[field] &&
    data[typeField]
  ) {
    // A new client record starts with its record type's notice switches.
    data[field] = await hostRepository(strapi).recordTypeDefaults(data[typeField]);
  }
  return next();
}

/**
 * An appointment's save leaves an event for the planner (in the save's
 * transaction), keyed by the appointment's practice as it is then.
 */
async function planAppointmentSave(strapi: Core.Strapi, context: MiddlewareContext, next: Next) {
  const { defaultPractice } = pluginConfig(strapi);
  const appointments = hostRepository(strapi);
  const planner = getService(strapi, 'planner');
  const params = (context.params ?? {}) as { documentId?: string; status?: string };
  const event = appointmentEventOf(context.action, params, appointments.appointmentsHaveDrafts());
  if (!event) return next();
  const documentId = params.documentId;
  return transaction(strapi, async () => {
    if (event === 'created') {
      const result = await next();
      const created = (result as { documentId?: string } | null)?.documentId;
      // (a draft is not read yet: its practice is settled when the planner reads it)
      if (created)
        await planner.record(
          (await appointments.appointmentTimes(created))?.practice ?? defaultPractice,
          created,
          'create'
        );
      return result;
    }
    if (!documentId) return next();
    if (event === 'gone') {
      // Read in full before it is gone (or unpublished): the cancellation is written from it.
      const before = await appointments.findAppointment(documentId);
      const result = await next();
      if (before)
        await planner.record(
          before.practice,
          documentId,
          'delete',
          before as unknown as Record<string, unknown>
        );
      return result;
    }
    // 'changed': what the plugin sees of it (the published version, with draft & publish) before and after
    const before = await appointments.appointmentTimes(documentId);
    const result = await next();
    if (!result) return result;
    const after = await appointments.appointmentTimes(documentId);
    if (!before && after) await planner.record(after.practice, documentId, 'create');
    else if (
      before &&
      after &&
      (!sameInstant(before.start, after.start) ||
        !sameInstant(before.end, after.end) ||
        before.cancelled !== after.cancelled)
    ) {
      await planner.record(
        after.practice,
        documentId,
        'update',
        before as unknown as Record<string, unknown>
      );
    }
    return result;
  });
}

/**
 * Charges and invoices are written once by the billing pass (with the query
 * builder) and never changed: through the Document Service nobody may
 * create, change or delete them, whatever their permissions.
 */
const keepLedgerImmutable = (strapi: Core.Strapi) => {
  const ledger = new Set<string>([UID.charge, UID.invoice]);
  useDocumentMiddleware(strapi, async (context, next) => {
    if (
      ledger.has(context.uid) &&
      !['findOne', 'findMany', 'findFirst', 'count'].includes(context.action)
    ) {
      throw new errors.ForbiddenError(
        `${context.uid} is an immutable ledger: ${context.action} is not allowed`
      );
    }
    return next();
  });
};

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  // The editor for a client's notice switches (admin: components/NoticeSwitchesInput).
  strapi.customFields.register({ name: 'notice-switches', plugin: PLUGIN_ID, type: 'json' });
  usePublicUrlOfServer(strapi);
  assertHostMapping(strapi);
  buildAndCheckProviders(strapi);
  watchHostDocuments(strapi);
  keepLedgerImmutable(strapi);
};

export default register;
