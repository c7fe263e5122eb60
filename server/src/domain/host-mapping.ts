/**
 * The plugin does not own the practice's data: the host app has its own
 * appointment, client, record-type and document types. The plugin config
 * names them (UIDs and attribute names); this module describes that mapping
 * and checks it against the host's schemas. Pure: the caller passes a
 * lookup function, so it is tested without booting Strapi.
 */

export interface AppointmentMapping {
  uid: string;
  fields: {
    start: string;
    end: string;
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

export interface ClientMapping {
  uid: string;
  fields: {
    firstName: string;
    lastName: string;
    salutation?: string;
    /** boolean: true = formal ("Sie"), false = informal ("du") */
    formalAddress?: string;
    mobile: string;
    email: string;
    threemaId?: string;
    recordType?: string;
    notificationSettings?: string;
    consent?: string;
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
  recordType: RecordTypeMapping;
  document?: DocumentMapping;
}

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
    consent: ['component', 'json'],
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
}
export type SchemaLookup = (uid: string) => { attributes: Record<string, SchemaAttribute> } | undefined;

export interface MappingProblem {
  /** the config key, e.g. `host.appointment.fields.start` */
  key: string;
  message: string;
}

export function checkHostMapping(mapping: HostMapping, lookup: SchemaLookup): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const sections = Object.keys(EXPECTED_TYPES) as (keyof HostMapping)[];

  for (const section of sections) {
    const entry = mapping[section];
    if (!entry) {
      if (section !== 'document') problems.push({ key: `host.${section}`, message: 'is missing' });
      continue;
    }
    const schema = lookup(entry.uid);
    if (!schema) {
      problems.push({ key: `host.${section}.uid`, message: `no content type "${entry.uid}" exists` });
      continue;
    }
    const fields = entry.fields as Record<string, string | undefined>;
    for (const [field, attributeName] of Object.entries(fields)) {
      if (attributeName === undefined || attributeName === null) continue;
      const key = `host.${section}.fields.${field}`;
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
      const targetUid = targetSection ? mapping[targetSection]?.uid : undefined;
      // An unknown target type is reported once, at its own uid key.
      if (targetUid && lookup(targetUid) && attribute.target && attribute.target !== targetUid) {
        problems.push({
          key,
          message: `relation "${attributeName}" of ${entry.uid} points to ${attribute.target}, expected ${targetUid}`,
        });
      }
    }
  }

  const appointment = mapping.appointment;
  const appointmentSchema = appointment && lookup(appointment.uid);
  const statusAttribute = appointmentSchema?.attributes[appointment.fields.status];
  if (statusAttribute?.type === 'enumeration' && statusAttribute.enum) {
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
  return problems;
}

export function formatMappingProblems(problems: MappingProblem[]): string {
  return problems.map((p) => `plugin::messaging config "${p.key}": ${p.message}`).join('\n');
}
