/**
 * Which practice a host record belongs to. One Strapi may host many
 * practices; the host says where a client's and an appointment's practice
 * is (`host.practice`), either as an attribute holding the practice key
 * (string, uid or enumeration) or as a relation to the host's own practice
 * type (`host.practice.uid`, whose `fields.key` holds the key). An
 * installation that maps nothing has one practice: `defaultPractice`.
 * Pure: the repository reads the rows, this module decides.
 */
import { isJsonObject } from '../../../../shared/json';
import type { HostMapping, MappingProblem, SchemaLookup } from './mapping';

export interface PracticeMapping {
  /** the host's practice type, when `client` / `appointment` are relations to it */
  uid?: string;
  /**
   * attributes of the practice type: `key` holds the practice key (default
   * documentId), `name` what people read, `staff` a relation to admin::user
   * naming who works there (the default of who may act for it)
   */
  fields?: { key?: string; name?: string; staff?: string };
  /** the client's attribute holding its practice */
  client?: string;
  /** the appointment's own attribute; its value wins over the client's */
  appointment?: string;
}

/** A practice key: what the plugin keys its own rows by (settings, templates, log, ledger). */
export const PRACTICE_KEY = /^[a-z0-9][a-z0-9_-]{0,62}$/i;

export const isPracticeKey = (value: unknown): value is string =>
  typeof value === 'string' && PRACTICE_KEY.test(value);

/** The attribute of the practice type that holds the key (documentId unless named). */
export const practiceKeyField = (mapping: PracticeMapping | undefined): string =>
  mapping?.fields?.key ?? 'documentId';

/**
 * The practice key in a host row's attribute value: the value itself for a
 * scalar, the related entry's key for a relation; null when the row has none.
 */
export function practiceKeyOf(value: unknown, mapping: PracticeMapping | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (mapping?.uid) {
    const related = Array.isArray(value) ? value[0] : value;
    if (!isJsonObject(related)) return null;
    const key = related[practiceKeyField(mapping)];
    return typeof key === 'string' && key !== '' ? key : null;
  }
  return typeof value === 'string' ? value : null;
}

/**
 * An appointment's practice: its own value wins, then its client's, then
 * the installation's default (a host that maps no practice has only that one).
 */
export const practiceOfRecord = (
  own: string | null,
  ofClient: string | null,
  defaultPractice: string
): string => own ?? ofClient ?? defaultPractice;

/**
 * A save that gives an appointment a practice its client does not have
 * (both known, different): the host's data would then notify the client in
 * the name of a practice that is not theirs.
 */
export const practicesDisagree = (
  appointmentPractice: string | null,
  clientPractice: string | null
): boolean =>
  appointmentPractice !== null && clientPractice !== null && appointmentPractice !== clientPractice;

/**
 * The filter that selects one practice's rows of a host type, for the query
 * engine and the Document Service alike; null when the practice is not
 * mapped for that type. A row without a practice belongs to the default
 * practice, so the default practice also selects rows that have none.
 */
export function practiceFilter(
  attribute: string | undefined,
  mapping: PracticeMapping | undefined,
  practices: readonly string[],
  defaultPractice: string | null
): Record<string, unknown> | null {
  if (!attribute) return null;
  const withoutValue = defaultPractice !== null && practices.includes(defaultPractice);
  if (mapping?.uid) {
    const key = practiceKeyField(mapping);
    const has = { [attribute]: { [key]: { $in: [...practices] } } };
    return withoutValue ? { $or: [has, { [attribute]: { id: { $null: true } } }] } : has;
  }
  const has = { [attribute]: { $in: [...practices] } };
  return withoutValue ? { $or: [has, { [attribute]: { $null: true } }] } : has;
}

/**
 * A query-engine filter (nested objects, `$null`) as an RBAC condition:
 * Strapi matches conditions in memory with sift, which reads nested
 * attributes only as dot paths, takes `$or`/`$and` only above a property
 * and knows no `$null`; for list queries it turns the dot paths back into
 * nested filters.
 */
export function asRbacCondition(
  filter: Record<string, unknown>,
  path = ''
): Record<string, unknown> {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  const parts: Record<string, unknown>[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$or' || key === '$and')
      parts.push({
        [key]: (value as Record<string, unknown>[]).map((branch) => asRbacCondition(branch, path)),
      });
    // sift's $exists is false on a path through null (no related entry); $eq null is true there,
    // and the query engine runs it as IS NULL
    else if (key === '$null') parts.push({ [path]: value ? { $eq: null } : { $ne: null } });
    else if (key.startsWith('$')) parts.push({ [path]: { [key]: value } });
    else if (isJsonObject(value)) parts.push(asRbacCondition(value, at(key)));
    else parts.push({ [at(key)]: value });
  }
  return parts.length === 1 ? parts[0] : { $and: parts };
}

/** The filter selecting these practices' clients (null: the client's practice is not mapped). */
export const clientPracticeFilter = (
  host: Pick<HostMapping, 'practice'>,
  practices: readonly string[],
  defaultPractice: string
) => practiceFilter(host.practice?.client, host.practice, practices, defaultPractice);

/**
 * The filter selecting these practices' appointments: by the appointment's
 * own practice where it has one, else by its client's (null: neither mapped).
 */
export function appointmentPracticeFilter(
  host: Pick<HostMapping, 'practice' | 'appointment'>,
  practices: readonly string[],
  defaultPractice: string
): Record<string, unknown> | null {
  const mapping = host.practice;
  const own = practiceFilter(mapping?.appointment, mapping, practices, defaultPractice);
  const ofClient = practiceFilter(mapping?.client, mapping, practices, defaultPractice);
  const clientField = host.appointment.fields.client;
  if (own && ofClient && mapping?.appointment) {
    // an appointment without its own practice is its client's (and only then the default's)
    const hasOwn = practiceFilter(mapping.appointment, mapping, practices, null)!;
    const withoutOwn = mapping.uid
      ? { [mapping.appointment]: { id: { $null: true } } }
      : { [mapping.appointment]: { $null: true } };
    return { $or: [hasOwn, { $and: [withoutOwn, { [clientField]: ofClient }] }] };
  }
  if (own) return own;
  return ofClient ? { [clientField]: ofClient } : null;
}

const SCALAR_KINDS = ['string', 'uid', 'enumeration'];

/** Checks `host.practice` against the host's schemas (part of checkHostMapping). */
export function checkPracticeMapping(
  raw: unknown,
  sections: { client?: string; appointment?: string },
  lookup: SchemaLookup
): MappingProblem[] {
  if (raw === undefined || raw === null) return [];
  const key = 'host.practice';
  if (!isJsonObject(raw))
    return [{ key, message: 'must be an object { client, appointment, uid, fields }' }];
  const mapping = raw as PracticeMapping;
  const problems: MappingProblem[] = [];
  if (!mapping.client && !mapping.appointment)
    problems.push({ key, message: 'names neither client nor appointment: where is the practice?' });
  if (mapping.uid !== undefined) {
    const practiceType = typeof mapping.uid === 'string' ? lookup(mapping.uid) : undefined;
    if (!practiceType) {
      problems.push({
        key: `${key}.uid`,
        message: `no content type "${String(mapping.uid)}" exists`,
      });
    } else {
      const staff = mapping.fields?.staff;
      if (staff !== undefined) {
        const attribute = practiceType.attributes[staff];
        if (!attribute)
          problems.push({
            key: `${key}.fields.staff`,
            message: `${mapping.uid} has no attribute "${staff}"`,
          });
        else if (attribute.type !== 'relation' || attribute.target !== 'admin::user')
          problems.push({
            key: `${key}.fields.staff`,
            message: `attribute "${staff}" of ${mapping.uid} must be a relation to admin::user`,
          });
      }
      for (const field of ['key', 'name'] as const) {
        const name = mapping.fields?.[field];
        if (name === undefined || (field === 'key' && name === 'documentId')) continue;
        const attribute = practiceType.attributes[name];
        if (!attribute)
          problems.push({
            key: `${key}.fields.${field}`,
            message: `${mapping.uid} has no attribute "${name}"`,
          });
        else if (!['string', 'uid', 'text', 'enumeration'].includes(attribute.type))
          problems.push({
            key: `${key}.fields.${field}`,
            message: `attribute "${name}" of ${mapping.uid} is a ${attribute.type}, expected string or uid`,
          });
      }
    }
  }
  for (const section of ['client', 'appointment'] as const) {
    const name = mapping[section];
    const uid = sections[section];
    if (name === undefined || !uid) continue;
    const at = `${key}.${section}`;
    if (typeof name !== 'string' || name === '') {
      problems.push({ key: at, message: 'must be the name of an attribute' });
      continue;
    }
    const attribute = lookup(uid)?.attributes[name];
    if (!attribute) {
      problems.push({ key: at, message: `${uid} has no attribute "${name}"` });
      continue;
    }
    if (mapping.uid) {
      if (attribute.type !== 'relation')
        problems.push({
          key: at,
          message: `attribute "${name}" of ${uid} is a ${attribute.type}, expected a relation to ${mapping.uid}`,
        });
      else if (attribute.target && attribute.target !== mapping.uid)
        problems.push({
          key: at,
          message: `relation "${name}" of ${uid} points to ${attribute.target}, expected ${mapping.uid}`,
        });
    } else if (!SCALAR_KINDS.includes(attribute.type)) {
      problems.push({
        key: at,
        message:
          attribute.type === 'relation'
            ? `attribute "${name}" of ${uid} is a relation: name its target as host.practice.uid (and the key attribute as host.practice.fields.key)`
            : `attribute "${name}" of ${uid} is a ${attribute.type}, expected string, uid or enumeration`,
      });
    } else if (attribute.type === 'enumeration' && attribute.enum) {
      const bad = attribute.enum.filter((value) => !PRACTICE_KEY.test(value));
      if (bad.length > 0)
        problems.push({
          key: at,
          message: `values ${bad.join(', ')} of ${uid}.${name} are not practice keys (1-63 letters, digits, "-" or "_")`,
        });
    }
  }
  return problems;
}
