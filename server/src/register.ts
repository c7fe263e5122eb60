import type { Core } from '@strapi/strapi';
import { checkHostMapping, formatMappingProblems, type SchemaLookup } from './domain/host-mapping';
import { pluginConfig } from './utils/plugin-config';
import { hostRepository } from './repositories/host';
import { noticesService } from './services/notices';

/**
 * Fail fast: a host mapping that names a content type or attribute the app
 * does not have would only surface at the first send. Stop Strapi here, with
 * the config key in the message.
 */
const assertHostMapping = (strapi: Core.Strapi) => {
  const lookup: SchemaLookup = (uid) => {
    const contentType = strapi.contentTypes[uid as keyof typeof strapi.contentTypes];
    return contentType as unknown as ReturnType<SchemaLookup>;
  };
  const problems = checkHostMapping(pluginConfig(strapi).host, lookup);
  if (problems.length > 0) throw new Error(formatMappingProblems(problems));
};

/**
 * The host's appointments and clients are watched with a Document Service
 * middleware (database lifecycles fire several times per publish and never
 * see a publish as an update). It only reads the state before and after and
 * enqueues, in the same transaction as the save.
 */
const watchHostDocuments = (strapi: Core.Strapi) => {
  const { host } = pluginConfig(strapi);
  strapi.documents.use(async (context, next) => {
    if (context.uid === host.client.uid && context.action === 'create') {
      const data = (context.params as any)?.data;
      const field = host.client.fields.notificationSettings;
      const typeField = host.client.fields.recordType;
      if (data && field && typeField && !data[field] && data[typeField]) {
        // A new client record starts with its record type's notice switches.
        data[field] = await hostRepository(strapi).recordTypeDefaults(data[typeField]);
      }
      return next();
    }
    if (context.uid !== host.appointment.uid || !['create', 'clone', 'update', 'delete'].includes(context.action)) return next();
    return strapi.db.transaction(async () => {
      const appointments = hostRepository(strapi);
      const documentId = (context.params as any)?.documentId as string | undefined;
      const before = documentId && context.action !== 'clone' ? await appointments.findAppointment(documentId) : null;
      const result: any = await next();
      const notices = noticesService(strapi);
      if (context.action === 'delete') {
        if (before) await notices.onAppointmentEvent({ action: 'delete', before });
      } else {
        const afterId = result?.documentId as string | undefined;
        const after = afterId ? await appointments.findAppointment(afterId) : null;
        if (after && context.action === 'update' && before) await notices.onAppointmentEvent({ action: 'update', before, after });
        else if (after && context.action !== 'update') await notices.onAppointmentEvent({ action: 'create', after });
      }
      return result;
    });
  });
};

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  assertHostMapping(strapi);
  watchHostDocuments(strapi);
};

export default register;
