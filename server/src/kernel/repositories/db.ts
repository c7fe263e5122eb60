import type { Core } from '@strapi/strapi';
import { randomBytes } from 'crypto';

/** knex, inside the current Strapi transaction when there is one. */
export type Knex = Core.Strapi['db']['connection'];

export const dialectOf = (strapi: Core.Strapi): 'postgres' | 'mysql' | 'sqlite' => {
  const client = strapi.db.dialect.client as string;
  if (client === 'postgres' || client === 'pg') return 'postgres';
  if (client === 'mysql' || client === 'mysql2') return 'mysql';
  return 'sqlite';
};

/**
 * The transaction the caller is in, if any (strapi.db.transaction nests:
 * called without a callback inside one, it hands back the running one).
 * Queries must join it: on SQLite the pool has one connection, and a query
 * outside the open transaction would wait for it forever.
 */
export async function ambientTransaction(strapi: Core.Strapi): Promise<Knex | undefined> {
  if (!strapi.db.inTransaction()) return undefined;
  const handle = (await strapi.db.transaction()) as unknown as { get: () => Knex };
  return handle.get();
}

/**
 * The unit of work: how services open a transaction without touching the
 * database themselves. Strapi's transactions nest, so repository calls inside
 * `work` join it (and must: on SQLite a query outside it would wait forever).
 */
export function transaction<T>(
  strapi: Core.Strapi,
  work: (context: {
    trx: Knex;
    onCommit: (callback: () => void) => void;
    onRollback: (callback: () => void) => void;
  }) => Promise<T>
): Promise<T> {
  return strapi.db.transaction(work as never) as Promise<T>;
}

/** A query builder on `table`, bound to `trx` when given, with the configured schema. */
export function table(strapi: Core.Strapi, name: string, trx?: Knex) {
  const builder = (trx ?? strapi.db.connection)(name);
  const schema = strapi.db.getSchemaName();
  return schema ? builder.withSchema(schema) : builder;
}

export const tableName = (strapi: Core.Strapi, uid: string): string =>
  strapi.db.metadata.get(uid as never).tableName;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
let pool = Buffer.alloc(0);
let offset = 0;

/**
 * Strapi 5 gives every row a documentId; rows we insert ourselves get one of
 * the same shape (24 lower-case letters and digits). Random bytes are drawn
 * 24 KiB at a time: bulk inserts make thousands of these.
 */
export const newDocumentId = (): string => {
  if (offset + 24 > pool.length) {
    pool = randomBytes(24 * 1024);
    offset = 0;
  }
  let id = '';
  for (let i = 0; i < 24; i += 1) id += ALPHABET[pool[offset + i] % 36];
  offset += 24;
  return id;
};

/** Dates come back as Date (pg, mysql) or epoch milliseconds (SQLite). */
export const toDate = (value: unknown): Date | null => {
  if (value === null || value === undefined) return null;
  const date =
    value instanceof Date
      ? value
      : new Date(
          typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string)
        );
  return Number.isNaN(date.getTime()) ? null : date;
};

/** JSON columns come back parsed (pg jsonb, mysql2 JSON) or as text (SQLite, MariaDB). */
export const fromJson = <T>(value: unknown, fallback: T): T => {
  if (value === null || value === undefined) return fallback;
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as T;
    } catch {
      return fallback;
    }
  }
  return value as T;
};

/** The same as an ISO string (null when there is none), for API answers. */
export const toIso = (value: unknown): string | null => toDate(value)?.toISOString() ?? null;

type QueryOf = ReturnType<Core.Strapi['db']['query']>;

/** One page of a Query Engine listing and the total it is a page of, read side by side. */
export async function findPage(
  query: QueryOf,
  where: Record<string, unknown>,
  orderBy: Record<string, 'asc' | 'desc'>[],
  page: number,
  pageSize: number
): Promise<{ rows: Record<string, any>[]; total: number }> {
  const [rows, total] = await Promise.all([
    query.findMany({ where, orderBy, offset: (page - 1) * pageSize, limit: pageSize }),
    query.count({ where }),
  ]);
  return { rows: rows as Record<string, any>[], total };
}
