/**
 * The plugin does not own the practice's data: the host app has its own
 * appointment, client, record-type and document types. The plugin config
 * names them (UIDs and attribute names); this module describes that mapping
 * and checks it against the host's schemas. Nothing here names a host's
 * types: the host says what it has, and what it leaves out is not mapped.
 * Pure: the caller passes a lookup function, so it is tested without
 * booting Strapi.
 */
import { isJsonObject } from '../../../../shared/json';
import { checkPracticeMapping, type PracticeMapping } from './practice';

export interface AppointmentMapping {
  uid: string;
  fields: {
    start: string;
    end?: string;
    status: string;
    client: string;
    location?: string;
    /** enum or boolean telling online from on-site */
    mode?: string;
    onlineLink?: string;
    note?: string;
  };
  /** values of the status attribute */
  statusValues: { scheduled: string; cancelled: string };
  /** value of the mode attribute that means "online" (if mode is an enumeration) */
  onlineValue?: string;
}

/**
 * Where a client's consent is, in one of two shapes (or not mapped at all:
 * then the `notices.consentRequired` policy alone decides):
 * - a list of entries: a repeatable component or a JSON attribute holding
 *   `[{ channel, granted, date, source }]`, appended in the order they
 *   happened. Written as the attribute's name (inner names as above), or as
 *   `{ attribute, fields: { channel, granted, date, source } }` with the
 *   host's own inner names (`date` and `source` may be left out);
 * - one boolean attribute per channel: `{ sms, threema, email }` (any may be
 *   left out).
 */
export type ConsentMapping =
  | string
  | { attribute: string; fields?: Partial<Record<ConsentEntryField, string>> }
  | Partial<Record<'sms' | 'threema' | 'email', string>>;

export type ConsentEntryField = 'channel' | 'granted' | 'date' | 'source';

/** The consent mapping in one resolved form (see ConsentMapping). */
export type ResolvedConsent =
  | {
      kind: 'entries';
      attribute: string;
      names: { channel: string; granted: string; date?: string; source?: string };
    }
  | { kind: 'flags'; attributes: Partial<Record<'sms' | 'threema' | 'email', string>> };

export const DEFAULT_CONSENT_NAMES = {
  channel: 'channel',
  granted: 'granted',
  date: 'date',
  source: 'source',
} as const;

/** Which shape a consent mapping has; null when consent is not mapped. */
export function resolveConsent(consent: ConsentMapping | null | undefined): ResolvedConsent | null {
  if (consent === null || consent === undefined) return null;
  if (typeof consent === 'string')
    return { kind: 'entries', attribute: consent, names: { ...DEFAULT_CONSENT_NAMES } };
  if ('attribute' in consent && typeof consent.attribute === 'string') {
    const fields = consent.fields ?? {};
    return {
      kind: 'entries',
      attribute: consent.attribute,
      names: {
        channel: fields.channel ?? DEFAULT_CONSENT_NAMES.channel,
        granted: fields.granted ?? DEFAULT_CONSENT_NAMES.granted,
        // left out explicitly (null) or not named: the default inner name, used when the host has it
        ...(fields.date !== null ? { date: fields.date ?? DEFAULT_CONSENT_NAMES.date } : {}),
        ...(fields.source !== null
          ? { source: fields.source ?? DEFAULT_CONSENT_NAMES.source }
          : {}),
      },
    };
  }
  const flags = consent as Partial<Record<'sms' | 'threema' | 'email', string>>;
  const attributes = Object.fromEntries(
    Object.entries(flags).filter(([, name]) => typeof name === 'string' && name !== '')
  ) as ResolvedConsent & object;
  return { kind: 'flags', attributes } as ResolvedConsent;
}

export interface ClientMapping {
  uid: string;
  fields: {
    firstName: string;
    lastName: string;
    salutation?: string;
    /** boolean: true = formal ("Sie"), false = informal ("du") */
    formalAddress?: string;
    mobile?: string;
    email?: string;
    threemaId?: string;
    recordType?: string;
    notificationSettings?: string;
    consent?: ConsentMapping;
    language?: string;
  };
}

export interface RecordTypeMapping {
  uid: string;
  fields: { name: string; notificationDefaults: string };
}

export interface DocumentMapping {
  uid: string;
  fields: { title: string; file: string; client: string };
}

export interface HostMapping {
  appointment: AppointmentMapping;
  client: ClientMapping;
  recordType?: RecordTypeMapping;
  document?: DocumentMapping;
  /** where a client's and an appointment's practice is (domain/practice.ts); unmapped: one practice */
  practice?: PracticeMapping;
}

/** What a host must map at least; shown when the mapping is missing. */
export const MINIMAL_MAPPING_EXAMPLE = `host: {
    appointment: {
      uid: 'api::appointment.appointment',
      fields: { start: 'start', end: 'end', status: 'status', client: 'client' },
      statusValues: { scheduled: 'scheduled', cancelled: 'cancelled' },
    },
    client: {
      uid: 'api::client.client',
      fields: {
        firstName: 'firstName', lastName: 'lastName', mobile: 'mobile', email: 'email',
        consent: { sms: 'smsConsent', email: 'emailConsent' }, // without consent no SMS or Threema goes out (notices.consentRequired)
      },
    },
  }`;

/** Fields without which a section cannot work; everything else may be left out. */
const REQUIRED_FIELDS: Record<string, readonly string[]> = {
  appointment: ['start', 'status', 'client'],
  client: ['firstName', 'lastName'],
  recordType: ['name', 'notificationDefaults'],
  document: ['title', 'file', 'client'],
};

/** The attribute kinds each mapped field may have. Absent = any kind. */
const EXPECTED_TYPES: Record<string, Record<string, readonly string[]>> = {
  appointment: {
    start: ['datetime'],
    end: ['datetime'],
    status: ['enumeration', 'string'],
    client: ['relation'],
    location: ['string', 'text'],
    mode: ['enumeration', 'boolean', 'string'],
    onlineLink: ['string', 'text'],
    note: ['string', 'text', 'richtext', 'blocks'],
  },
  client: {
    firstName: ['string'],
    lastName: ['string'],
    salutation: ['enumeration', 'string'],
    formalAddress: ['boolean'],
    mobile: ['string'],
    email: ['email', 'string'],
    threemaId: ['string'],
    recordType: ['relation'],
    notificationSettings: ['json'],
    language: ['enumeration', 'string'],
  },
  recordType: { name: ['string'], notificationDefaults: ['json'] },
  document: { title: ['string'], file: ['media'], client: ['relation'] },
};

/** Relations whose target must be another mapped type. */
const RELATION_TARGETS: Record<string, Record<string, keyof HostMapping>> = {
  appointment: { client: 'client' },
  client: { recordType: 'recordType' },
  document: { client: 'client' },
};

export interface SchemaAttribute {
  type: string;
  target?: string;
  enum?: readonly string[];
  /** a component attribute's component UID */
  component?: string;
  repeatable?: boolean;
}
export type SchemaLookup = (
  uid: string
) => { attributes: Record<string, SchemaAttribute> } | undefined;

export interface MappingProblem {
  /** the config key, e.g. `host.appointment.fields.start` */
  key: string;
  message: string;
}

/** Inner attributes of a consent entry and the kinds they may have. */
const CONSENT_ENTRY_TYPES: Record<ConsentEntryField, readonly string[]> = {
  channel: ['enumeration', 'string'],
  granted: ['boolean'],
  date: ['date', 'datetime', 'string'],
  source: ['string', 'text'],
};

function checkConsent(
  mapping: ClientMapping,
  schema: { attributes: Record<string, SchemaAttribute> },
  lookup: SchemaLookup,
  problems: MappingProblem[]
) {
  const key = 'host.client.fields.consent';
  const raw = mapping.fields.consent;
  if (raw === undefined || raw === null) return;
  if (!(typeof raw === 'string' || isJsonObject(raw))) {
    problems.push({
      key,
      message: 'must be an attribute name, { attribute, fields } or { sms, threema, email }',
    });
    return;
  }
  const consent = resolveConsent(raw)!;
  if (consent.kind === 'flags') {
    const unknown = isJsonObject(raw)
      ? Object.keys(raw).filter((channel) => !['sms', 'threema', 'email'].includes(channel))
      : [];
    if (unknown.length > 0 || Object.keys(consent.attributes).length === 0) {
      problems.push({
        key,
        message: `per-channel consent takes the keys sms, threema and email${unknown.length ? `, not ${unknown.join(', ')}` : ''}`,
      });
      return;
    }
    for (const [channel, name] of Object.entries(consent.attributes)) {
      const attribute = schema.attributes[name!];
      if (!attribute)
        problems.push({
          key: `${key}.${channel}`,
          message: `${mapping.uid} has no attribute "${name}"`,
        });
      else if (attribute.type !== 'boolean')
        problems.push({
          key: `${key}.${channel}`,
          message: `attribute "${name}" of ${mapping.uid} is a ${attribute.type}, expected boolean`,
        });
    }
    return;
  }
  const attributeKey = typeof raw === 'string' ? key : `${key}.attribute`;
  const attribute = schema.attributes[consent.attribute];
  if (!attribute) {
    problems.push({
      key: attributeKey,
      message: `${mapping.uid} has no attribute "${consent.attribute}"`,
    });
    return;
  }
  if (attribute.type === 'json') return; // the plugin reads and writes the documented entries itself
  if (attribute.type !== 'component' || attribute.repeatable === false) {
    problems.push({
      key: attributeKey,
      message: `attribute "${consent.attribute}" of ${mapping.uid} is a ${attribute.type}${attribute.type === 'component' ? ' (not repeatable)' : ''}, expected a repeatable component or json`,
    });
    return;
  }
  const component = attribute.component ? lookup(attribute.component) : undefined;
  if (!component) return; // the component's own schema was not given to the check
  const rawFields = isJsonObject(raw) ? (raw as Record<string, unknown>).fields : undefined;
  const explicit = isJsonObject(rawFields) ? rawFields : {};
  for (const field of ['channel', 'granted', 'date', 'source'] as const) {
    const name = consent.names[field];
    if (!name) continue;
    const inner = component.attributes[name];
    const innerKey = `${key}.fields.${field}`;
    if (!inner) {
      // date and source are written only where the component has them, unless named explicitly
      if (field === 'channel' || field === 'granted' || explicit[field] !== undefined)
        problems.push({
          key: innerKey,
          message: `the consent component ${attribute.component} has no attribute "${name}"`,
        });
      continue;
    }
    if (!CONSENT_ENTRY_TYPES[field].includes(inner.type))
      problems.push({
        key: innerKey,
        message: `attribute "${name}" of ${attribute.component} is a ${inner.type}, expected ${CONSENT_ENTRY_TYPES[field].join(' or ')}`,
      });
    else if (field === 'channel' && inner.type === 'enumeration' && inner.enum) {
      const missing = ['sms', 'threema', 'email'].filter(
        (channel) => !inner.enum!.includes(channel)
      );
      if (missing.length === 3)
        problems.push({
          key: innerKey,
          message: `attribute "${name}" of ${attribute.component} has none of the values sms, threema, email`,
        });
    }
  }
}

export function checkHostMapping(
  mapping: HostMapping | undefined | null,
  lookup: SchemaLookup
): MappingProblem[] {
  if (!isJsonObject(mapping)) {
    return [
      {
        key: 'host',
        message: `is missing: tell the plugin which of your content types hold appointments and clients, for example\n  ${MINIMAL_MAPPING_EXAMPLE}`,
      },
    ];
  }
  const problems: MappingProblem[] = [];
  const sections = Object.keys(EXPECTED_TYPES) as (keyof HostMapping)[];

  for (const section of sections) {
    const entry = mapping[section];
    if (entry === undefined || entry === null) {
      if (section === 'appointment' || section === 'client')
        problems.push({ key: `host.${section}`, message: 'is missing' });
      continue;
    }
    if (!isJsonObject(entry) || typeof entry.uid !== 'string' || !isJsonObject(entry.fields)) {
      problems.push({ key: `host.${section}`, message: 'must be an object { uid, fields }' });
      continue;
    }
    const schema = lookup(entry.uid);
    if (!schema) {
      problems.push({
        key: `host.${section}.uid`,
        message: `no content type "${entry.uid}" exists`,
      });
      continue;
    }
    const fields = entry.fields as Record<string, unknown>;
    for (const field of REQUIRED_FIELDS[section]) {
      if (typeof fields[field] !== 'string' || fields[field] === '')
        problems.push({ key: `host.${section}.fields.${field}`, message: 'is required' });
    }
    for (const [field, attributeName] of Object.entries(fields)) {
      if (attributeName === undefined || attributeName === null) continue;
      if (section === 'client' && field === 'consent') continue;
      const key = `host.${section}.fields.${field}`;
      if (!(field in EXPECTED_TYPES[section])) {
        const known = [
          ...Object.keys(EXPECTED_TYPES[section]),
          ...(section === 'client' ? ['consent'] : []),
        ];
        problems.push({ key, message: `is not a field the plugin knows (${known.join(', ')})` });
        continue;
      }
      if (typeof attributeName !== 'string') {
        problems.push({ key, message: 'must be the name of an attribute' });
        continue;
      }
      const attribute = schema.attributes[attributeName];
      if (!attribute) {
        problems.push({ key, message: `${entry.uid} has no attribute "${attributeName}"` });
        continue;
      }
      const allowed = EXPECTED_TYPES[section][field];
      if (allowed && !allowed.includes(attribute.type)) {
        problems.push({
          key,
          message: `attribute "${attributeName}" of ${entry.uid} is a ${attribute.type}, expected ${allowed.join(' or ')}`,
        });
        continue;
      }
      const targetSection = RELATION_TARGETS[section]?.[field];
      if (targetSection && !mapping[targetSection]) {
        problems.push({
          key,
          message: `needs the section host.${targetSection}, which is not mapped`,
        });
        continue;
      }
      const targetUid = targetSection ? mapping[targetSection]?.uid : undefined;
      // An unknown target type is reported once, at its own uid key.
      if (targetUid && lookup(targetUid) && attribute.target && attribute.target !== targetUid) {
        problems.push({
          key,
          message: `relation "${attributeName}" of ${entry.uid} points to ${attribute.target}, expected ${targetUid}`,
        });
      }
    }
    if (section === 'client') {
      const client = entry as unknown as ClientMapping;
      if (!client.fields.mobile && !client.fields.email && !client.fields.threemaId)
        problems.push({
          key: 'host.client.fields',
          message: 'maps none of mobile, email and threemaId: the plugin could reach nobody',
        });
      checkConsent(client, schema, lookup, problems);
    }
  }

  const appointment = mapping.appointment;
  const appointmentSchema =
    isJsonObject(appointment) && typeof appointment.uid === 'string'
      ? lookup(appointment.uid)
      : undefined;
  const statusAttribute =
    appointmentSchema && isJsonObject(appointment.fields)
      ? appointmentSchema.attributes[appointment.fields.status]
      : undefined;
  if (appointmentSchema && !isJsonObject(appointment.statusValues)) {
    problems.push({
      key: 'host.appointment.statusValues',
      message: 'is required: { scheduled, cancelled } values of the status attribute',
    });
  } else if (statusAttribute?.type === 'enumeration' && statusAttribute.enum) {
    for (const which of ['scheduled', 'cancelled'] as const) {
      const value = appointment.statusValues?.[which];
      if (!statusAttribute.enum.includes(value)) {
        problems.push({
          key: `host.appointment.statusValues.${which}`,
          message: `"${value}" is not a value of ${appointment.uid}.${appointment.fields.status} (${statusAttribute.enum.join(', ')})`,
        });
      }
    }
  }
  problems.push(
    ...checkPracticeMapping(
      mapping.practice,
      {
        client: isJsonObject(mapping.client) ? mapping.client.uid : undefined,
        appointment: isJsonObject(appointment) ? appointment.uid : undefined,
      },
      lookup
    )
  );
  return problems;
}

export function formatMappingProblems(problems: MappingProblem[]): string {
  return problems.map((p) => `plugin::messaging config "${p.key}": ${p.message}`).join('\n');
}
