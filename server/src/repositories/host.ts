/**
 * Reads the practice's own data (clients, appointments) through the host
 * mapping, so no other plugin code knows the host's attribute names.
 */
import type { Core } from '@strapi/strapi';
import { changesConsent, currentConsent, dayIn, type ConsentEntry } from '../domain/consent';
import { pluginConfig } from '../utils/plugin-config';

export interface HostClient {
  documentId: string;
  /** the client's own notice switches (copied from the record type when the record was created) */
  notificationSettings: Record<string, any> | null;
  /** the record type's defaults, when the client has none of its own */
  recordTypeDefaults: Record<string, any> | null;
  recordTypeName: string | null;
  recordTypeId: string | null;
  /** latest consent per channel, from the host's consent entries */
  consent: Partial<Record<'sms' | 'threema' | 'email', boolean>>;
  firstName: string;
  lastName: string;
  salutation: string | null;
  formalAddress: boolean;
  mobile: string | null;
  email: string | null;
  threemaId: string | null;
  language: string | null;
}

export interface HostAppointment {
  documentId: string;
  start: string;
  end: string | null;
  status: string;
  cancelled: boolean;
  location: string | null;
  online: boolean;
  onlineLink: string | null;
  client: HostClient | null;
}

export interface HostDocument {
  documentId: string;
  title: string;
  file: { url: string; name: string; mime: string; size: number | null } | null;
  clientDocumentId: string | null;
}

/**
 * Consent writes per client, one after the other within this process: each
 * reads the entries, decides and writes the list back, so two callbacks at
 * the same moment (Twilio sends some twice) must not both see the old list.
 */
const consentWrites = new Map<string, Promise<unknown>>();
function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const next = (consentWrites.get(key) ?? Promise.resolve()).catch(() => undefined).then(work);
  consentWrites.set(key, next);
  void next.catch(() => undefined).then(() => {
    if (consentWrites.get(key) === next) consentWrites.delete(key);
  });
  return next;
}

export const hostRepository = (strapi: Core.Strapi) => {
  const { host, timeZone } = pluginConfig(strapi);

  const consentOf = (value: unknown): HostClient['consent'] => {
    const consent: HostClient['consent'] = {};
    if (Array.isArray(value)) {
      // entries { channel, granted, date }: the latest entry per channel wins (domain/consent.ts)
      Object.assign(consent, currentConsent(value as ConsentEntry[], timeZone));
    } else if (value && typeof value === 'object') {
      for (const [channel, granted] of Object.entries(value))
        consent[channel as 'sms'] = Boolean((granted as any)?.granted ?? granted);
    }
    return consent;
  };

  /** Whether the consent entries' `date` holds a moment (a datetime in the component, or a json list) or only a day. */
  const consentKeepsTime = (): boolean => {
    const field = host.client.fields.consent;
    const attribute = field ? (strapi.contentTypes[host.client.uid as keyof typeof strapi.contentTypes] as any)?.attributes?.[field] : null;
    if (attribute?.type === 'json') return true;
    if (attribute?.type !== 'component') return false;
    const component = (strapi.components as Record<string, any>)[attribute.component];
    return component?.attributes?.date?.type === 'datetime';
  };

  /** populate for a client: its consent entries and record type */
  const clientPopulate = () => {
    const f = host.client.fields;
    return [f.consent, f.recordType].filter(Boolean) as string[];
  };

  const clientFromDoc = (doc: Record<string, any>): HostClient => {
    const f = host.client.fields;
    const recordType = f.recordType ? doc[f.recordType] : null;
    return {
      documentId: doc.documentId,
      notificationSettings: f.notificationSettings ? (doc[f.notificationSettings] ?? null) : null,
      recordTypeDefaults:
        recordType && typeof recordType === 'object'
          ? (recordType[host.recordType.fields.notificationDefaults] ?? null)
          : null,
      recordTypeName:
        recordType && typeof recordType === 'object'
          ? (recordType[host.recordType.fields.name] ?? null)
          : null,
      recordTypeId:
        recordType && typeof recordType === 'object' ? (recordType.documentId ?? null) : null,
      consent: f.consent ? consentOf(doc[f.consent]) : {},
      firstName: doc[f.firstName] ?? '',
      lastName: doc[f.lastName] ?? '',
      salutation: f.salutation ? (doc[f.salutation] ?? null) : null,
      formalAddress: f.formalAddress ? doc[f.formalAddress] !== false : true,
      mobile: doc[f.mobile] ?? null,
      email: doc[f.email] ?? null,
      threemaId: f.threemaId ? (doc[f.threemaId] ?? null) : null,
      language: f.language ? (doc[f.language] ?? null) : null,
    };
  };

  const longest = (values: unknown[]): string | null =>
    values.reduce<string | null>(
      (best, value) =>
        typeof value === 'string' && value.length > (best?.length ?? 0) ? value : best,
      null
    );

  const isDraftAndPublish = (uid: string) =>
    Boolean(
      (strapi.contentTypes[uid as keyof typeof strapi.contentTypes] as any)?.options
        ?.draftAndPublish
    );

  /** the client's mapped scalar columns: what channel choice and templates read */
  const clientColumns = (lean = false): string[] => {
    const f = host.client.fields;
    return [
      f.firstName,
      f.lastName,
      f.salutation,
      f.formalAddress,
      f.mobile,
      f.email,
      f.threemaId,
      f.language,
      lean ? undefined : f.notificationSettings,
    ].filter(Boolean) as string[];
  };

  /** populate of a client for the query engine: consent entries and the record type's few fields */
  const clientQueryPopulate = () => {
    const f = host.client.fields;
    const populate: Record<string, unknown> = {};
    if (f.consent) populate[f.consent] = true;
    if (f.recordType)
      populate[f.recordType] = {
        select: [
          'documentId',
          host.recordType.fields.name,
          host.recordType.fields.notificationDefaults,
        ],
      };
    return populate;
  };

  function appointmentFromDoc(doc: Record<string, any>): HostAppointment {
    const f = host.appointment.fields;
    const mode = f.mode ? doc[f.mode] : undefined;
    return {
      documentId: doc.documentId,
      start: doc[f.start],
      end: doc[f.end],
      status: doc[f.status],
      cancelled: doc[f.status] === host.appointment.statusValues.cancelled,
      location: f.location ? (doc[f.location] ?? null) : null,
      online:
        mode === true ||
        (host.appointment.onlineValue !== undefined && mode === host.appointment.onlineValue),
      onlineLink: f.onlineLink ? (doc[f.onlineLink] ?? null) : null,
      client: doc[f.client] ? clientFromDoc(doc[f.client]) : null,
    };
  }

  return {
    mapping: host,

    /** A new client record starts with its record type's notice switches (unless it brought its own). */
    async recordTypeDefaults(recordTypeRef: unknown): Promise<Record<string, any> | null> {
      const id =
        typeof recordTypeRef === 'object' && recordTypeRef !== null
          ? ((recordTypeRef as any).documentId ??
            (recordTypeRef as any).id ??
            (recordTypeRef as any).connect?.[0]?.documentId ??
            (recordTypeRef as any).connect?.[0]?.id)
          : recordTypeRef;
      if (!id) return null;
      const where = typeof id === 'number' ? { id } : { documentId: id };
      const row = (await strapi.db
        .query(host.recordType.uid as any)
        .findOne({ where, select: [host.recordType.fields.notificationDefaults] })) as Record<
        string,
        any
      > | null;
      return row?.[host.recordType.fields.notificationDefaults] ?? null;
    },

    /**
     * The longest names and locations in the practice's data, for the
     * worst-case length of a template. Reads only the few columns it needs.
     */
    async longestValues(): Promise<{
      firstName: string | null;
      lastName: string | null;
      location: string | null;
    }> {
      const f = host.client.fields;
      const clients = (await strapi.db
        .query(host.client.uid as any)
        .findMany({ select: [f.firstName, f.lastName] })) as Record<string, unknown>[];
      const locationField = host.appointment.fields.location;
      const appointments = locationField
        ? ((await strapi.db
            .query(host.appointment.uid as any)
            .findMany({ select: [locationField] })) as Record<string, unknown>[])
        : [];
      return {
        firstName: longest(clients.map((c) => c[f.firstName])),
        lastName: longest(clients.map((c) => c[f.lastName])),
        location: locationField ? longest(appointments.map((a) => a[locationField])) : null,
      };
    },

    /**
     * Only when and whether cancelled: what the document middleware needs to
     * decide if a save concerns notices at all. One narrow query, no relations.
     */
    async appointmentTimes(
      documentId: string
    ): Promise<Pick<HostAppointment, 'start' | 'end' | 'cancelled'> | null> {
      const f = host.appointment.fields;
      const row = (await strapi.db.query(host.appointment.uid as any).findOne({
        where: { documentId },
        select: [f.start, f.end, f.status].filter(Boolean) as string[],
      })) as Record<string, any> | null;
      if (!row) return null;
      return {
        start: row[f.start],
        end: f.end ? (row[f.end] ?? null) : null,
        cancelled: row[f.status] === host.appointment.statusValues.cancelled,
      };
    },

    async findAppointment(documentId: string): Promise<HostAppointment | null> {
      const f = host.appointment.fields;
      const doc = (await strapi.documents(host.appointment.uid as any).findOne({
        documentId,
        populate: { [f.client]: { populate: clientPopulate() } } as any,
      })) as Record<string, any> | null;
      return doc ? appointmentFromDoc(doc) : null;
    },

    /** Appointments starting in [from, to), with their clients, oldest first; cancelled ones left out unless asked. */
    async appointmentsBetween(
      from: Date,
      to: Date,
      includeCancelled = false
    ): Promise<HostAppointment[]> {
      return this.appointmentsIn([{ from, to }], includeCancelled);
    },

    /**
     * Appointments starting in any of the ranges [from, to), with their
     * clients, oldest first; cancelled ones left out unless asked. One query
     * through the query engine (mass cancellations read a thousand at once).
     */
    async appointmentsIn(
      ranges: { from: Date; to: Date }[],
      includeCancelled = false
    ): Promise<HostAppointment[]> {
      if (ranges.length === 0) return [];
      const f = host.appointment.fields;
      const where: Record<string, unknown> = {
        $or: ranges.map(({ from, to }) => ({ [f.start]: { $gte: from, $lt: to } })),
      };
      if (!includeCancelled) where[f.status] = { $ne: host.appointment.statusValues.cancelled };
      if (isDraftAndPublish(host.appointment.uid)) where.publishedAt = { $notNull: true };
      const columns = [f.start, f.end, f.status, f.location, f.mode, f.onlineLink].filter(
        Boolean
      ) as string[];
      const docs = (await strapi.db.query(host.appointment.uid as any).findMany({
        select: ['id', 'documentId', ...columns],
        where,
        orderBy: { [f.start]: 'asc' },
        populate: {
          [f.client]: {
            select: ['id', 'documentId', ...clientColumns()],
            populate: clientQueryPopulate(),
          },
        },
      })) as Record<string, any>[];
      return docs.map(appointmentFromDoc);
    },

    async appointmentsByIds(documentIds: string[]): Promise<HostAppointment[]> {
      const f = host.appointment.fields;
      const docs = (await strapi.documents(host.appointment.uid as any).findMany({
        filters: { documentId: { $in: documentIds } } as any,
        sort: { [f.start]: 'asc' } as any,
        limit: -1,
        populate: { [f.client]: { populate: clientPopulate() } } as any,
      } as any)) as Record<string, any>[];
      return docs.map(appointmentFromDoc);
    },

    /**
     * Marks appointments cancelled in one UPDATE (mass cancellation). The
     * Document Service's middlewares do not see it: the caller does what the
     * planner would (cancel pending notices and slips, queue the notices).
     */
    async cancelAppointments(documentIds: string[]): Promise<number> {
      if (documentIds.length === 0) return 0;
      const f = host.appointment.fields;
      const cancelled = host.appointment.statusValues.cancelled;
      const result = (await strapi.db.query(host.appointment.uid as any).updateMany({
        where: { documentId: { $in: documentIds }, [f.status]: { $ne: cancelled } },
        data: { [f.status]: cancelled },
      })) as { count: number };
      return result.count;
    },

    /** The next appointments from now, with their clients, for pickers in the admin. */
    async upcomingAppointments(limit: number): Promise<HostAppointment[]> {
      const f = host.appointment.fields;
      const docs = (await strapi.documents(host.appointment.uid as any).findMany({
        filters: { [f.start]: { $gte: new Date().toISOString() } } as any,
        sort: { [f.start]: 'asc' } as any,
        limit,
        populate: [f.client] as any,
      })) as Record<string, any>[];
      return Promise.all(docs.map(async (doc) => (await this.findAppointment(doc.documentId))!));
    },

    /**
     * Adds a consent entry (e.g. withdrawn after a STOP reply, given again
     * after START), so the history stays visible in the client record; only
     * when `when` agrees with the entries as they are (by default: when it
     * changes the consent, domain/consent.ts). Returns whether it added one.
     */
    async recordConsent(
      documentId: string,
      channel: 'sms' | 'threema' | 'email',
      granted: boolean,
      source: string,
      options: { at?: Date; when?: (entries: ConsentEntry[]) => boolean } = {}
    ): Promise<boolean> {
      const field = host.client.fields.consent;
      if (!field) return false;
      const when = options.when ?? ((entries: ConsentEntry[]) => changesConsent(entries, channel, granted, timeZone));
      return oneAtATime(documentId, async () => {
        const doc = (await strapi
          .documents(host.client.uid as any)
          .findOne({ documentId, populate: [field] as any })) as Record<string, any> | null;
        if (!doc) return false;
        const entries: ConsentEntry[] = Array.isArray(doc[field])
          ? doc[field].map(({ id: _id, ...entry }: ConsentEntry & { id?: unknown }) => entry)
          : [];
        if (!when(entries)) return false;
        const at = options.at ?? new Date();
        // the moment where the host's attribute can hold it, else the day (why: domain/consent.ts)
        const date = consentKeepsTime() ? at.toISOString() : dayIn(at, timeZone);
        await strapi.documents(host.client.uid as any).update({
          documentId,
          data: { [field]: [...entries, { channel, granted, date, source }] } as any,
        });
        return true;
      });
    },

    /** A host document (title, file, client) through the mapping, or null (also when no document type is mapped). */
    async findDocument(documentId: string): Promise<HostDocument | null> {
      const mapping = host.document;
      if (!mapping) return null;
      const f = mapping.fields;
      const doc = (await strapi.documents(mapping.uid as any).findOne({ documentId, populate: [f.file, f.client] as any })) as Record<string, any> | null;
      if (!doc) return null;
      const file = doc[f.file];
      return {
        documentId: doc.documentId,
        title: doc[f.title] ?? '',
        file: file ? { url: file.url, name: file.name, mime: file.mime ?? 'application/octet-stream', size: file.size ?? null } : null,
        clientDocumentId: doc[f.client]?.documentId ?? null,
      };
    },

    /**
     * Every client with what is needed to choose channels. The query engine
     * with only the mapped columns, not the Document Service: bulk jobs read
     * ten thousand clients, and reading was most of their time. `lean` leaves
     * out the notice switches and record types (a bulk message needs neither).
     */
    async allClients(options: { lean?: boolean } = {}): Promise<HostClient[]> {
      const populate = clientQueryPopulate();
      const recordType = host.client.fields.recordType;
      if (options.lean && recordType) delete populate[recordType];
      const docs = (await strapi.db.query(host.client.uid as any).findMany({
        select: ['id', 'documentId', ...clientColumns(options.lean)],
        where: isDraftAndPublish(host.client.uid) ? { publishedAt: { $notNull: true } } : {},
        orderBy: { id: 'asc' },
        populate,
      })) as Record<string, any>[];
      return docs.map(clientFromDoc);
    },

    async findClient(documentId: string): Promise<HostClient | null> {
      const doc = await strapi
        .documents(host.client.uid as any)
        .findOne({ documentId, populate: clientPopulate() as any });
      return doc ? clientFromDoc(doc as Record<string, any>) : null;
    },
  };
};
