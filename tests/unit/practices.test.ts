import {
  appointmentPracticeFilter,
  asRbacCondition,
  clientPracticeFilter,
  isPracticeKey,
  practiceKeyOf,
  practiceOfRecord,
  practicesDisagree,
} from '../../server/src/host/domain/practice';
import { actingPractice, mayActFor, unionOf } from '../../server/src/practices/domain/acting';
// How Strapi matches an RBAC condition in memory (Content Manager edit view) and turns it into a list query
import path from 'path';
import * as sift from 'sift';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildStrapiQuery } = require(
  path.resolve(
    __dirname,
    '../../node_modules/@strapi/admin/dist/server/server/src/services/permission/permissions-manager/query-builders.js'
  )
);
const STRAPI_OPERATIONS = [
  '$or',
  '$and',
  '$eq',
  '$ne',
  '$in',
  '$nin',
  '$lt',
  '$lte',
  '$gt',
  '$gte',
  '$exists',
  '$elemMatch',
];
const matches = (condition: Record<string, unknown>, entity: unknown) =>
  sift.createQueryTester(condition, {
    operations: Object.fromEntries(STRAPI_OPERATIONS.map((op) => [op, (sift as any)[op]])),
  })(entity);

const RELATION = { uid: 'api::practice.practice', fields: { key: 'key' } };
const host = (practice: Record<string, unknown> | undefined) => ({
  practice,
  appointment: {
    uid: 'api::appointment.appointment',
    fields: { start: 'start', client: 'client' },
  },
});

describe('the practice of a record', () => {
  it('reads the key from a scalar attribute or from the related practice entry', () => {
    expect(practiceKeyOf('nord', undefined)).toBe('nord');
    expect(practiceKeyOf('', undefined)).toBeNull();
    expect(practiceKeyOf({ id: 3, key: 'am-see' }, RELATION)).toBe('am-see');
    expect(practiceKeyOf([{ id: 3, key: 'am-see' }], RELATION)).toBe('am-see');
    expect(practiceKeyOf({ id: 3, documentId: 'abc' }, { uid: 'api::p.p' })).toBe('abc');
    expect(practiceKeyOf(null, RELATION)).toBeNull();
    expect(practiceKeyOf('am-see', RELATION)).toBeNull(); // a relation needs the entry, not a string
  });

  it('lets the appointment’s own practice win over its client’s, then the default', () => {
    expect(practiceOfRecord('b', 'a', 'default')).toBe('b');
    expect(practiceOfRecord(null, 'a', 'default')).toBe('a');
    expect(practiceOfRecord(null, null, 'default')).toBe('default');
  });

  it('sees a conflict only when both are known and differ', () => {
    expect(practicesDisagree('a', 'b')).toBe(true);
    expect(practicesDisagree('a', 'a')).toBe(false);
    expect(practicesDisagree(null, 'b')).toBe(false);
    expect(practicesDisagree('a', null)).toBe(false);
  });

  it('accepts keys of 1-63 letters, digits, "-" and "_" only', () => {
    expect(['default', 'am-see', 'P_1', 'a'.repeat(63)].every(isPracticeKey)).toBe(true);
    expect(['', '-x', 'a b', '../x', 'a'.repeat(64), 7, null].some(isPracticeKey)).toBe(false);
  });
});

describe('the filters that keep a query inside its practices', () => {
  it('selects clients by a scalar attribute; the default practice also owns rows without a value', () => {
    expect(clientPracticeFilter({ practice: { client: 'praxis' } }, ['nord'], 'default')).toEqual({
      praxis: { $in: ['nord'] },
    });
    expect(
      clientPracticeFilter({ practice: { client: 'praxis' } }, ['default'], 'default')
    ).toEqual({ $or: [{ praxis: { $in: ['default'] } }, { praxis: { $null: true } }] });
    expect(clientPracticeFilter({ practice: undefined }, ['nord'], 'default')).toBeNull();
  });

  it('selects by the related entry’s key attribute for a relation', () => {
    expect(
      clientPracticeFilter({ practice: { ...RELATION, client: 'practice' } }, ['b'], 'default')
    ).toEqual({ practice: { key: { $in: ['b'] } } });
  });

  it('selects appointments by their own practice, or by their client’s when they have none', () => {
    const filter = appointmentPracticeFilter(
      host({ client: 'praxis', appointment: 'praxis' }) as never,
      ['b'],
      'default'
    );
    expect(filter).toEqual({
      $or: [
        { praxis: { $in: ['b'] } },
        { $and: [{ praxis: { $null: true } }, { client: { praxis: { $in: ['b'] } } }] },
      ],
    });
    expect(appointmentPracticeFilter(host({ client: 'praxis' }) as never, ['b'], 'x')).toEqual({
      client: { praxis: { $in: ['b'] } },
    });
    expect(appointmentPracticeFilter(host(undefined) as never, ['b'], 'x')).toBeNull();
  });
});

describe('who acts for which practice', () => {
  it('acts for the named practice only when the user may', () => {
    expect(actingPractice('b', ['a', 'b'], 'default')).toBe('b');
    expect(actingPractice('b', ['a'], 'default')).toBeNull();
    expect(actingPractice('b', '*', 'default')).toBe('b');
  });

  it('without a name: the default practice if allowed, else the user’s first, else none', () => {
    expect(actingPractice(undefined, '*', 'default')).toBe('default');
    expect(actingPractice(undefined, ['default', 'b'], 'default')).toBe('default');
    expect(actingPractice(undefined, ['b', 'c'], 'default')).toBe('b');
    expect(actingPractice(undefined, [], 'default')).toBeNull();
  });

  it('joins grants: any "every practice" wins, else the union', () => {
    expect(unionOf([['b'], ['a', 'b']])).toEqual(['a', 'b']);
    expect(unionOf([['b'], '*'])).toBe('*');
    expect(unionOf([])).toEqual([]);
    expect(mayActFor(['a'], 'b')).toBe(false);
    expect(mayActFor('*', 'b')).toBe(true);
  });
});

describe('"own practice only" as an RBAC condition (matched in memory by sift, queried by Strapi)', () => {
  const mapping = host({ ...RELATION, client: 'practice', appointment: 'practice' }) as never;
  const condition = asRbacCondition(appointmentPracticeFilter(mapping, ['am-see'], 'am-see')!);
  const ofPractice = (key: string | null) => (key ? { id: 1, key } : null);

  it('matches a populated appointment by its own practice, else by its client’s, the way the edit view checks it', () => {
    expect(matches(condition, { practice: ofPractice('am-see'), client: null })).toBe(true);
    expect(matches(condition, { practice: ofPractice('default'), client: null })).toBe(false);
    expect(matches(condition, { practice: null, client: { practice: ofPractice('am-see') } })).toBe(
      true
    );
    expect(
      matches(condition, { practice: null, client: { practice: ofPractice('default') } })
    ).toBe(false);
    // the default practice also owns an appointment without any practice
    expect(matches(condition, { practice: null, client: { practice: null } })).toBe(true);
    const other = asRbacCondition(appointmentPracticeFilter(mapping, ['nord'], 'default')!);
    expect(matches(other, { practice: null, client: { practice: null } })).toBe(false);
  });

  it('turns back into the nested filter the query engine runs for lists', () => {
    expect(
      buildStrapiQuery(asRbacCondition(clientPracticeFilter(mapping, ['a', 'default'], 'default')!))
    ).toEqual({
      $or: [{ practice: { key: { $in: ['a', 'default'] } } }, { practice: { id: { $eq: null } } }],
    });
  });

  it('uses only operators Strapi allows in conditions, and no $or below a property', () => {
    const text = JSON.stringify(condition);
    expect(text).not.toMatch(/\$null|\$notNull/);
    const walk = (node: unknown, underProperty: boolean): void => {
      if (Array.isArray(node)) return node.forEach((item) => walk(item, underProperty));
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key === '$or' || key === '$and') expect(underProperty).toBe(false);
        walk(value, !key.startsWith('$'));
      }
    };
    walk(condition, false);
  });
});
