/**
 * Reads and writes the practice's own data (clients, appointments,
 * documents) through the host mapping, so no other plugin code knows the
 * host's attribute names, and holds the one draft & publish policy:
 *
 * - For a host type with draft & publish, the plugin sees only what is
 *   published: every read asks for the published version (Document Service
 *   `status: 'published'`, or `publishedAt` set for the query engine). A
 *   draft never notifies anyone.
 * - The plugin writes host data through the Document Service, so the
 *   host's own middlewares, lifecycles, webhooks and audit log see it; where
 *   the type has draft & publish, what it changes is published at once (a
 *   mass cancellation publishes the appointment's current draft with the
 *   cancelled status; a consent change publishes the client).
 * - Writes the plugin makes itself run in `pluginWrite()`, so the plugin's
 *   own document middleware does not plan them a second time.
 */
import { AsyncLocalStorage } from 'async_hooks';
import type { Core, UID } from '@strapi/strapi';
import { changesConsent, currentConsent, dayIn, type ConsentEntry } from '../domain/consent';
import { resolveConsent } from '../domain/mapping';
import {
  appointmentPracticeFilter,
  clientPracticeFilter,
  practiceKeyField,
  practiceKeyOf,
  practiceOfRecord,
  practicesDisagree,
} from '../domain/practice';
import { pluginConfig } from '../../kernel/plugin-config';

const ownWrites = new AsyncLocalStorage<true>();
/** Runs host writes the plugin makes itself (its document middleware lets them pass unplanned). */
export const pluginWrite = <T>(work: () => Promise<T>): Promise<T> => ownWrites.run(true, work);
/** Whether the current Document Service call comes from pluginWrite(). */
export const isPluginWrite = (): boolean => ownWrites.getStore() === true;

/** A JSON attribute of notice switches as the host stores it (read by notices/domain). */
type NoticeSwitchesJson = Record<string, any>;

export interface HostClient {
  documentId: string;
  /** the practice the client belongs to (host.practice.client; the default practice when unmapped or empty) */
  practice: string;
  /** the client's own notice switches (copied from the record type when the record was created) */
  notificationSettings: NoticeSwitchesJson | null;
  /** the record type's defaults, when the client has none of its own */
  recordTypeDefaults: NoticeSwitchesJson | null;
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
  /** its own practice (host.practice.appointment), else its client's, else the default practice */
  practice: string;
  start: string;
  end: string | null;
  status: string;
  cancelled: boolean;
  location: string | null;
  online: boolean;
  onlineLink: string | null;
  client: HostClient | null;
}

/** The upload behind a host document, as Strapi's upload plugin stores it. */
export interface HostFile {
  url: string;
  name: string;
  mime: string;
  size: number | null;
  /** the upload provider that stored it ('local' for public/uploads) */
  provider: string;
  formatUrls: string[];
  /** the upload row itself, for the provider's getSignedUrl */
  raw: Record<string, unknown>;
}

export interface HostDocument {
  documentId: string;
  title: string;
  file: HostFile | null;
  clientDocumentId: string | null;
  /** the practice of the document's client */
  practice: string;
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
  void next
    .catch(() => undefined)
    .then(() => {
      if (consentWrites.get(key) === next) consentWrites.delete(key);
    });
  return next;
}

/**
 * A document or row of a host type. Its attribute names come from the
 * mapping at run time, so Strapi's generated types (keyed by the UIDs the
 * plugin is built against) cannot describe it: the one loose type of the
 * plugin's host access.
 */
type HostRow = Record<string, any>;
type Params = Record<string, unknown>;
/** The Document Service calls made on a host type, typed by HostRow. */
interface HostDocuments {
  findOne(params: Params): Promise<HostRow | null>;
  findMany(params: Params): Promise<HostRow[]>;
  update(params: Params): Promise<HostRow | null>;
  publish(params: Params): Promise<unknown>;
}
/** The query engine calls made on a host type (narrow reads of a few columns). */
interface HostQuery {
  findOne(params: Params): Promise<HostRow | null>;
  findMany(params: Params): Promise<HostRow[]>;
}

export const hostRepository = (strapi: Core.Strapi) => {
  const { host, timeZone, defaultPractice } = pluginConfig(strapi);
  const practiceMapping = host.practice;
  // Strapi types documents() and db.query() by the registry's UIDs; a mapped UID is a run-time string
  const documentsOf = (uid: string) =>
    strapi.documents(uid as UID.ContentType) as unknown as HostDocuments;
  const queryOf = (uid: string) => strapi.db.query(uid as UID.Schema) as unknown as HostQuery;

  const consent = resolveConsent(host.client.fields.consent);
  /** A host type's schema (Strapi's registry types know only the UIDs it was built with). */
  const schemaOf = (uid: string) =>
    strapi.contentTypes[uid as UID.ContentType] as
      | { options?: { draftAndPublish?: boolean }; attributes?: HostRow }
      | undefined;
  const clientType = () => schemaOf(host.client.uid);
  /** the consent list's attribute in the host's schema (component or json), when consent is a list */
  const consentAttribute = () =>
    consent?.kind === 'entries' ? clientType()?.attributes?.[consent.attribute] : null;
  const consentIsComponent = () => consentAttribute()?.type === 'component';

  /** A host entry in the canonical shape { channel, granted, date, source }. */
  const toEntry = (raw: Record<string, unknown>): ConsentEntry => {
    const names = consent?.kind === 'entries' ? consent.names : null;
    if (!names) return raw as unknown as ConsentEntry;
    return {
      channel: raw[names.channel] as string,
      granted: raw[names.granted] as boolean | null,
      date: names.date ? raw[names.date] : undefined,
      source: names.source ? (raw[names.source] as string | null) : undefined,
    };
  };

  /**
   * The client's consent as entries, whatever form the host keeps it in. Per
   * channel booleans have no history: each becomes one entry dated when the
   * record last changed, so an opt-out for a message sent before the client
   * opted in again (START) does not count (domain/consent.ts).
   */
  const consentEntries = (doc: HostRow): ConsentEntry[] => {
    if (!consent) return [];
    if (consent.kind === 'flags') {
      return Object.entries(consent.attributes)
        .filter(([, name]) => typeof doc[name!] === 'boolean')
        .map(([channel, name]) => ({
          channel,
          granted: doc[name!] as boolean,
          date: doc.updatedAt ?? undefined,
          source: null,
        }));
    }
    const value = doc[consent.attribute];
    return Array.isArray(value)
      ? value.filter((entry) => entry && typeof entry === 'object').map(toEntry)
      : [];
  };

  const consentOf = (doc: HostRow): HostClient['consent'] =>
    currentConsent(consentEntries(doc), timeZone);

  /** Whether the consent entries' date holds a moment (a datetime in the component, or a json list) or only a day. */
  const consentKeepsTime = (): boolean => {
    const attribute = consentAttribute();
    if (attribute?.type === 'json') return true;
    if (attribute?.type !== 'component' || consent?.kind !== 'entries' || !consent.names.date)
      return false;
    const component = (strapi.components as HostRow)[attribute.component];
    return component?.attributes?.[consent.names.date]?.type === 'datetime';
  };

  /** The inner names a consent entry is written with: only those the host's component has (json: all). */
  const writableEntry = (
    entry: Required<Pick<ConsentEntry, 'channel' | 'granted'>> & { date: string; source: string }
  ) => {
    if (consent?.kind !== 'entries') return entry;
    const attribute = consentAttribute();
    const component =
      attribute?.type === 'component' ? (strapi.components as HostRow)[attribute.component] : null;
    const has = (name: string | undefined): name is string =>
      Boolean(name) && (!component || Boolean(component.attributes?.[name!]));
    const out: Record<string, unknown> = {
      [consent.names.channel]: entry.channel,
      [consent.names.granted]: entry.granted,
    };
    if (has(consent.names.date)) out[consent.names.date] = entry.date;
    if (has(consent.names.source)) out[consent.names.source] = entry.source;
    return out;
  };

  /** populate for a client (Document Service): its consent component, record type and practice (a relation); a json field is never populated */
  const clientPopulate = () => {
    const f = host.client.fields;
    return [
      consentIsComponent() && consent?.kind === 'entries' ? consent.attribute : undefined,
      host.recordType ? f.recordType : undefined,
      practiceMapping?.uid ? practiceMapping.client : undefined,
    ].filter(Boolean) as string[];
  };

  /** the practice key in a client's or appointment's own attribute, or null */
  const ownPractice = (doc: HostRow | null | undefined, attribute: string | undefined) =>
    doc && attribute ? practiceKeyOf(doc[attribute], practiceMapping) : null;

  /** What the query engine selects of a row's practice: its column (scalar) or nothing (a relation is populated). */
  const practiceColumn = (attribute: string | undefined): string[] =>
    attribute && !practiceMapping?.uid ? [attribute] : [];
  /** What the query engine populates of a row's practice: the related practice's key. */
  const practicePopulate = (attribute: string | undefined): Record<string, unknown> =>
    attribute && practiceMapping?.uid
      ? { [attribute]: { select: ['id', practiceKeyField(practiceMapping)] } }
      : {};

  /** The filters selecting one practice's appointments and clients (null: not mapped for that type). */
  const appointmentsOfPractice = (practice: string) =>
    appointmentPracticeFilter(host, [practice], defaultPractice);
  const clientsOfPractice = (practice: string) =>
    clientPracticeFilter(host, [practice], defaultPractice);

  const clientFromDoc = (doc: HostRow): HostClient => {
    const f = host.client.fields;
    const recordType = f.recordType && host.recordType ? doc[f.recordType] : null;
    const typeFields = host.recordType?.fields;
    return {
      documentId: doc.documentId,
      practice: ownPractice(doc, practiceMapping?.client) ?? defaultPractice,
      notificationSettings: f.notificationSettings ? (doc[f.notificationSettings] ?? null) : null,
      recordTypeDefaults:
        recordType && typeof recordType === 'object' && typeFields
          ? (recordType[typeFields.notificationDefaults] ?? null)
          : null,
      recordTypeName:
        recordType && typeof recordType === 'object' && typeFields
          ? (recordType[typeFields.name] ?? null)
          : null,
      recordTypeId:
        recordType && typeof recordType === 'object' ? (recordType.documentId ?? null) : null,
      consent: consentOf(doc),
      firstName: doc[f.firstName] ?? '',
      lastName: doc[f.lastName] ?? '',
      salutation: f.salutation ? (doc[f.salutation] ?? null) : null,
      formalAddress: f.formalAddress ? doc[f.formalAddress] !== false : true,
      mobile: f.mobile ? (doc[f.mobile] ?? null) : null,
      email: f.email ? (doc[f.email] ?? null) : null,
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

  const isDraftAndPublish = (uid: string) => Boolean(schemaOf(uid)?.options?.draftAndPublish);

  /** the client's mapped scalar columns: what channel choice and templates read (consent flags and a json consent list included) */
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
      ...(consent?.kind === 'flags' ? Object.values(consent.attributes) : []),
      ...practiceColumn(practiceMapping?.client),
      consent?.kind === 'entries' && !consentIsComponent() ? consent.attribute : undefined,
      consent?.kind === 'flags' ? 'updatedAt' : undefined,
    ].filter(Boolean) as string[];
  };

  /** populate of a client for the query engine: a consent component and the record type's few fields */
  const clientQueryPopulate = () => {
    const f = host.client.fields;
    const populate: Record<string, unknown> = { ...practicePopulate(practiceMapping?.client) };
    if (consent?.kind === 'entries' && consentIsComponent()) populate[consent.attribute] = true;
    if (f.recordType && host.recordType)
      populate[f.recordType] = {
        select: [
          'documentId',
          host.recordType.fields.name,
          host.recordType.fields.notificationDefaults,
        ],
      };
    return populate;
  };

  /** Document Service read options for the published version of a draft & publish type (none otherwise). */
  const published = (uid: string) =>
    isDraftAndPublish(uid) ? { status: 'published' as const } : {};
  /** The same for the query engine. */
  const publishedWhere = (uid: string) =>
    isDraftAndPublish(uid) ? { publishedAt: { $notNull: true } } : {};

  function appointmentFromDoc(doc: HostRow): HostAppointment {
    const f = host.appointment.fields;
    const mode = f.mode ? doc[f.mode] : undefined;
    const client = doc[f.client] ? clientFromDoc(doc[f.client]) : null;
    return {
      documentId: doc.documentId,
      practice: practiceOfRecord(
        ownPractice(doc, practiceMapping?.appointment),
        ownPractice(doc[f.client], practiceMapping?.client),
        defaultPractice
      ),
      start: doc[f.start],
      end: f.end ? (doc[f.end] ?? null) : null,
      status: doc[f.status],
      cancelled: doc[f.status] === host.appointment.statusValues.cancelled,
      location: f.location ? (doc[f.location] ?? null) : null,
      online:
        mode === true ||
        (host.appointment.onlineValue !== undefined && mode === host.appointment.onlineValue),
      onlineLink: f.onlineLink ? (doc[f.onlineLink] ?? null) : null,
      client,
    };
  }

  /** Document Service populate of an appointment: its client (with what a client needs) and its own practice relation. */
  const appointmentPopulate = () => ({
    [host.appointment.fields.client]: { populate: clientPopulate() },
    ...(practiceMapping?.uid && practiceMapping.appointment
      ? { [practiceMapping.appointment]: true }
      : {}),
  });

  /** null unless the record belongs to `practice` (when asked): another practice's record is not there for the caller. */
  const inPractice = <T extends { practice: string }>(record: T | null, practice?: string) =>
    record && (practice === undefined || record.practice === practice) ? record : null;

  return {
    mapping: host,
    /** whether the host's appointment type has draft & publish (then only publishing counts) */
    appointmentsHaveDrafts: () => isDraftAndPublish(host.appointment.uid),

    /** A new client record starts with its record type's notice switches (unless it brought its own). */
    async recordTypeDefaults(recordTypeRef: unknown): Promise<HostRow | null> {
      const recordTypeMapping = host.recordType;
      if (!recordTypeMapping) return null;
      // the relation as the Content Manager sends it: an id, a documentId, an entry or { connect: [...] }
      const ref = (typeof recordTypeRef === 'object' ? (recordTypeRef ?? {}) : {}) as HostRow;
      const id =
        typeof recordTypeRef === 'object' && recordTypeRef !== null
          ? (ref.documentId ?? ref.id ?? ref.connect?.[0]?.documentId ?? ref.connect?.[0]?.id)
          : recordTypeRef;
      if (!id) return null;
      const where = typeof id === 'number' ? { id } : { documentId: id };
      const row = await queryOf(recordTypeMapping.uid).findOne({
        where,
        select: [recordTypeMapping.fields.notificationDefaults],
      });
      return row?.[recordTypeMapping.fields.notificationDefaults] ?? null;
    },

    /**
     * The practices the host knows, with their names: the entries of its
     * practice type (host.practice.uid), or the values of an enumeration
     * attribute; empty when practices are free text or not mapped.
     */
    async practices(): Promise<{ key: string; name: string | null }[]> {
      if (!practiceMapping) return [];
      if (practiceMapping.uid) {
        const key = practiceKeyField(practiceMapping);
        const name = practiceMapping.fields?.name;
        const rows = await queryOf(practiceMapping.uid).findMany({
          select: [...new Set(['id', 'documentId', key, ...(name ? [name] : [])])],
          where: publishedWhere(practiceMapping.uid),
          orderBy: { id: 'asc' },
        });
        return rows
          .filter((row) => typeof row[key] === 'string')
          .map((row) => ({ key: row[key] as string, name: name ? (row[name] ?? null) : null }));
      }
      const values = [practiceMapping.client, practiceMapping.appointment].flatMap((attribute) => {
        const uid = attribute === practiceMapping.client ? host.client.uid : host.appointment.uid;
        const schema = attribute ? schemaOf(uid)?.attributes?.[attribute] : null;
        return schema?.type === 'enumeration' ? (schema.enum as string[]) : [];
      });
      return [...new Set(values)].map((key) => ({ key, name: null }));
    },

    /** The practices whose staff relation (host.practice.fields.staff, to admin::user) holds this admin user. */
    async practicesOfStaff(adminUserId: number): Promise<string[]> {
      const staff = practiceMapping?.fields?.staff;
      if (!practiceMapping?.uid || !staff) return [];
      const key = practiceKeyField(practiceMapping);
      const rows = await queryOf(practiceMapping.uid).findMany({
        select: [...new Set(['id', key])],
        where: { [staff]: { id: adminUserId }, ...publishedWhere(practiceMapping.uid) },
      });
      return rows
        .map((row) => row[key])
        .filter((value): value is string => typeof value === 'string');
    },

    /** Which of `refs` (documentIds or names) are record types; null when the host maps none. */
    async existingRecordTypes(refs: string[]): Promise<Set<string> | null> {
      const recordTypeMapping = host.recordType;
      if (!recordTypeMapping) return null;
      const name = recordTypeMapping.fields.name;
      const rows = (await queryOf(recordTypeMapping.uid).findMany({
        where: { $or: [{ documentId: { $in: refs } }, { [name]: { $in: refs } }] },
        select: ['documentId', name],
      })) as Record<string, unknown>[];
      return new Set(
        rows
          .flatMap((row) => [row.documentId as string, row[name] as string])
          .filter((value) => refs.includes(value))
      );
    },

    /**
     * The longest names and locations in the practice's data, for the
     * worst-case length of a template. Reads only the few columns it needs.
     */
    async longestValues(practice: string): Promise<{
      firstName: string | null;
      lastName: string | null;
      location: string | null;
    }> {
      const f = host.client.fields;
      const clients = (await queryOf(host.client.uid).findMany({
        select: [f.firstName, f.lastName],
        where: clientsOfPractice(practice) ?? {},
      })) as Record<string, unknown>[];
      const locationField = host.appointment.fields.location;
      const appointments = locationField
        ? ((await queryOf(host.appointment.uid).findMany({
            select: [locationField],
            where: appointmentsOfPractice(practice) ?? {},
          })) as Record<string, unknown>[])
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
    ): Promise<Pick<HostAppointment, 'start' | 'end' | 'cancelled' | 'practice'> | null> {
      const f = host.appointment.fields;
      const row = await queryOf(host.appointment.uid).findOne({
        where: { documentId, ...publishedWhere(host.appointment.uid) },
        select: [f.start, f.end, f.status, ...practiceColumn(practiceMapping?.appointment)].filter(
          Boolean
        ) as string[],
        populate: {
          ...practicePopulate(practiceMapping?.appointment),
          ...(practiceMapping?.client
            ? {
                [f.client]: {
                  select: ['id', ...practiceColumn(practiceMapping.client)],
                  populate: practicePopulate(practiceMapping.client),
                },
              }
            : {}),
        },
      });
      if (!row) return null;
      return {
        practice: practiceOfRecord(
          ownPractice(row, practiceMapping?.appointment),
          ownPractice(row[f.client], practiceMapping?.client),
          defaultPractice
        ),
        start: row[f.start],
        end: f.end ? (row[f.end] ?? null) : null,
        cancelled: row[f.status] === host.appointment.statusValues.cancelled,
      };
    },

    /** An appointment (published version), or null; with `practice`, null also when it belongs to another practice. */
    async findAppointment(documentId: string, practice?: string): Promise<HostAppointment | null> {
      const doc = await documentsOf(host.appointment.uid).findOne({
        documentId,
        ...published(host.appointment.uid),
        populate: appointmentPopulate(),
      });
      return inPractice(doc ? appointmentFromDoc(doc) : null, practice);
    },

    /** The draft of an appointment of a draft & publish type (the side panel of one never published). */
    async findAppointmentDraft(
      documentId: string,
      practice?: string
    ): Promise<HostAppointment | null> {
      const doc = await documentsOf(host.appointment.uid).findOne({
        documentId,
        status: 'draft',
        populate: appointmentPopulate(),
      });
      return inPractice(doc ? appointmentFromDoc(doc) : null, practice);
    },

    /** Appointments starting in [from, to), with their clients, oldest first; cancelled ones left out unless asked. */
    async appointmentsBetween(
      practice: string,
      from: Date,
      to: Date,
      includeCancelled = false
    ): Promise<HostAppointment[]> {
      return this.appointmentsIn(practice, [{ from, to }], includeCancelled);
    },

    /**
     * Appointments starting in any of the ranges [from, to), with their
     * clients, oldest first; cancelled ones left out unless asked; only the
     * practice's. One query through the query engine (mass cancellations
     * read a thousand at once).
     */
    async appointmentsIn(
      practice: string,
      ranges: { from: Date; to: Date }[],
      includeCancelled = false
    ): Promise<HostAppointment[]> {
      if (ranges.length === 0) return [];
      const f = host.appointment.fields;
      const conditions: Record<string, unknown>[] = [
        { $or: ranges.map(({ from, to }) => ({ [f.start]: { $gte: from, $lt: to } })) },
      ];
      if (!includeCancelled)
        conditions.push({ [f.status]: { $ne: host.appointment.statusValues.cancelled } });
      const ofPractice = appointmentsOfPractice(practice);
      if (ofPractice) conditions.push(ofPractice);
      const columns = [
        f.start,
        f.end,
        f.status,
        f.location,
        f.mode,
        f.onlineLink,
        ...practiceColumn(practiceMapping?.appointment),
      ].filter(Boolean) as string[];
      const docs = await queryOf(host.appointment.uid).findMany({
        select: ['id', 'documentId', ...columns],
        where: { $and: conditions, ...publishedWhere(host.appointment.uid) },
        orderBy: { [f.start]: 'asc' },
        populate: {
          ...practicePopulate(practiceMapping?.appointment),
          [f.client]: {
            select: ['id', 'documentId', ...clientColumns()],
            populate: clientQueryPopulate(),
          },
        },
      });
      return docs
        .map(appointmentFromDoc)
        .filter((appointment) => appointment.practice === practice);
    },

    /**
     * Whether a saved appointment (any version: a draft too) has a practice
     * of its own that is not its client's, or a saved client has
     * appointments whose own practice is not the client's: the save is
     * refused (the host's data would speak for the wrong practice).
     */
    async practiceConflict(which: { appointment: string } | { client: string }): Promise<boolean> {
      const own = practiceMapping?.appointment;
      if (!own || !practiceMapping?.client) return false;
      const f = host.appointment.fields;
      const where =
        'appointment' in which
          ? { documentId: which.appointment }
          : { [f.client]: { documentId: which.client } };
      const rows = await queryOf(host.appointment.uid).findMany({
        select: ['id', ...practiceColumn(own)],
        where,
        populate: {
          ...practicePopulate(own),
          [f.client]: {
            select: ['id', ...practiceColumn(practiceMapping.client)],
            populate: practicePopulate(practiceMapping.client),
          },
        },
      });
      return rows.some((row) =>
        practicesDisagree(ownPractice(row, own), ownPractice(row[f.client], practiceMapping.client))
      );
    },

    /** The documentIds of every appointment of one client (drafts too: a slip may belong to either). */
    async appointmentIdsOfClient(clientDocumentId: string): Promise<string[]> {
      const f = host.appointment.fields;
      const docs = (await documentsOf(host.appointment.uid).findMany({
        filters: { [f.client]: { documentId: clientDocumentId } },
        fields: ['documentId'],
        limit: -1,
      })) as { documentId: string }[];
      return [...new Set(docs.map((doc) => doc.documentId))];
    },

    /** These appointments, oldest first: only the practice's (another practice's are not there for it). */
    async appointmentsByIds(practice: string, documentIds: string[]): Promise<HostAppointment[]> {
      const f = host.appointment.fields;
      const docs = await documentsOf(host.appointment.uid).findMany({
        filters: { documentId: { $in: documentIds } },
        ...published(host.appointment.uid),
        sort: { [f.start]: 'asc' },
        limit: -1,
        populate: appointmentPopulate(),
      });
      return docs
        .map(appointmentFromDoc)
        .filter((appointment) => appointment.practice === practice);
    },

    /**
     * Marks appointments cancelled (mass cancellation) through the Document
     * Service, so the host's middlewares, lifecycles, webhooks and audit log
     * see each change; a draft & publish type is published right away. Runs
     * as the plugin's own write: the caller does what the planner would
     * (cancel pending notices and slips, queue the notices it chose).
     * Returns how many were scheduled and are now cancelled.
     */
    async cancelAppointments(documentIds: string[]): Promise<number> {
      if (documentIds.length === 0) return 0;
      const uid = host.appointment.uid;
      const f = host.appointment.fields;
      const cancelled = host.appointment.statusValues.cancelled;
      const current = (await queryOf(uid).findMany({
        select: ['documentId'],
        where: {
          documentId: { $in: documentIds },
          [f.status]: { $ne: cancelled },
          ...publishedWhere(uid),
        },
      })) as { documentId: string }[];
      await pluginWrite(async () => {
        for (const { documentId } of current) {
          await documentsOf(uid).update({ documentId, data: { [f.status]: cancelled } });
          if (isDraftAndPublish(uid)) await documentsOf(uid).publish({ documentId });
        }
      });
      return current.length;
    },

    /** The practice's next appointments from now, with their clients, for pickers in the admin. */
    async upcomingAppointments(practice: string, limit: number): Promise<HostAppointment[]> {
      const f = host.appointment.fields;
      const ofPractice = appointmentsOfPractice(practice);
      const docs = await documentsOf(host.appointment.uid).findMany({
        filters: {
          $and: [
            { [f.start]: { $gte: new Date().toISOString() } },
            ...(ofPractice ? [ofPractice] : []),
          ],
        },
        ...published(host.appointment.uid),
        sort: { [f.start]: 'asc' },
        limit,
        populate: appointmentPopulate(),
      });
      return docs
        .map(appointmentFromDoc)
        .filter((appointment) => appointment.practice === practice);
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
      if (!consent) return false;
      if (consent.kind === 'flags' && !consent.attributes[channel]) return false;
      const uid = host.client.uid;
      const when =
        options.when ??
        ((entries: ConsentEntry[]) => changesConsent(entries, channel, granted, timeZone));
      return oneAtATime(documentId, async () => {
        const doc = await documentsOf(uid).findOne({
          documentId,
          ...published(uid),
          ...(consent.kind === 'entries' && consentIsComponent()
            ? { populate: [consent.attribute] }
            : {}),
        });
        if (!doc) return false;
        const entries = consentEntries(doc);
        if (!when(entries)) return false;
        let data: Record<string, unknown>;
        if (consent.kind === 'flags') {
          data = { [consent.attributes[channel]!]: granted };
        } else {
          const at = options.at ?? new Date();
          // the moment where the host's attribute can hold it, else the day (why: domain/consent.ts)
          const date = consentKeepsTime() ? at.toISOString() : dayIn(at, timeZone);
          const kept = (Array.isArray(doc[consent.attribute]) ? doc[consent.attribute] : []).map(
            ({ id: _id, ...entry }: Record<string, unknown>) => entry
          );
          data = {
            [consent.attribute]: [...kept, writableEntry({ channel, granted, date, source })],
          };
        }
        await pluginWrite(async () => {
          await documentsOf(uid).update({ documentId, data });
          // the draft the update wrote is what the client record shows once published
          if (isDraftAndPublish(uid)) await documentsOf(uid).publish({ documentId });
        });
        return true;
      });
    },

    /** A host document (title, file, client) through the mapping, or null (also when no document type is mapped). */
    async findDocument(documentId: string, practice?: string): Promise<HostDocument | null> {
      const mapping = host.document;
      if (!mapping) return null;
      const f = mapping.fields;
      const clientPractice =
        practiceMapping?.uid && practiceMapping.client ? [practiceMapping.client] : [];
      const doc = await documentsOf(mapping.uid).findOne({
        documentId,
        ...published(mapping.uid),
        populate: { [f.file]: true, [f.client]: { populate: clientPractice } },
      });
      if (!doc) return null;
      const file = doc[f.file];
      const ofClient = ownPractice(doc[f.client], practiceMapping?.client) ?? defaultPractice;
      if (practice !== undefined && ofClient !== practice) return null;
      return {
        practice: ofClient,
        documentId: doc.documentId,
        title: doc[f.title] ?? '',
        file: file
          ? {
              url: file.url,
              name: file.name,
              mime: file.mime ?? 'application/octet-stream',
              size: file.size ?? null,
              provider: file.provider ?? 'local',
              // the image sizes Strapi made of it (thumbnail, small, ...): public copies of the same content
              formatUrls: Object.values(
                (file.formats ?? {}) as Record<string, { url?: string }>
              ).flatMap((format) => (format?.url ? [format.url] : [])),
              raw: file,
            }
          : null,
        clientDocumentId: doc[f.client]?.documentId ?? null,
      };
    },

    /**
     * Every client with what is needed to choose channels. The query engine
     * with only the mapped columns, not the Document Service: bulk jobs read
     * ten thousand clients, and reading was most of their time. `lean` leaves
     * out the notice switches and record types (a bulk message needs neither).
     * `practice` null: every practice's (a STOP reply withdraws SMS consent
     * wherever the number is, as the carrier stops the number for all).
     */
    async allClients(
      practice: string | null,
      options: { lean?: boolean } = {}
    ): Promise<HostClient[]> {
      const populate = clientQueryPopulate();
      const recordType = host.client.fields.recordType;
      if (options.lean && recordType) delete populate[recordType];
      const docs = await queryOf(host.client.uid).findMany({
        select: ['id', 'documentId', ...clientColumns(options.lean)],
        where: {
          ...publishedWhere(host.client.uid),
          ...((practice !== null && clientsOfPractice(practice)) || {}),
        },
        orderBy: { id: 'asc' },
        populate,
      });
      const clients = docs.map(clientFromDoc);
      return practice === null ? clients : clients.filter((client) => client.practice === practice);
    },

    /** "First Last" per client documentId, for lists that name their clients (one query for a page). */
    async clientNames(documentIds: string[]): Promise<Map<string, string>> {
      const ids = [...new Set(documentIds)].filter(Boolean);
      if (ids.length === 0) return new Map();
      const f = host.client.fields;
      const rows = await queryOf(host.client.uid).findMany({
        select: ['documentId', f.firstName, f.lastName],
        where: { documentId: { $in: ids }, ...publishedWhere(host.client.uid) },
      });
      return new Map(
        rows.map((row) => [
          row.documentId as string,
          `${row[f.firstName] ?? ''} ${row[f.lastName] ?? ''}`.trim(),
        ])
      );
    },

    /** A client (published version), or null; with `practice`, null also when it belongs to another practice. */
    async findClient(documentId: string, practice?: string): Promise<HostClient | null> {
      const doc = await documentsOf(host.client.uid).findOne({
        documentId,
        ...published(host.client.uid),
        populate: clientPopulate(),
      });
      return inPractice(doc ? clientFromDoc(doc as HostRow) : null, practice);
    },
  };
};

/**
 * A Document Service middleware: how the plugin watches the host's writes
 * (appointments, clients, record types) and guards its own ledger. Here, with
 * the other host data access, so no other layer touches strapi.documents.
 */
export const useDocumentMiddleware = (
  strapi: Core.Strapi,
  middleware: Parameters<Core.Strapi['documents']['use']>[0]
) => {
  strapi.documents.use(middleware);
};
