/**
 * One fresh database per test file, on whichever client DATABASE_CLIENT names:
 * SQLite (a file under playground/.tmp), PostgreSQL or MariaDB/MySQL (a new
 * database on the local server, dropped afterwards).
 */
import fs from 'fs';
import path from 'path';
import { appDir } from './paths';

export type DatabaseClient = 'sqlite' | 'postgres' | 'mysql';

export interface TestDatabase {
  client: DatabaseClient;
  name: string;
  drop(): Promise<void>;
}

export const databaseClient = (): DatabaseClient => {
  const client = process.env.DATABASE_CLIENT ?? 'sqlite';
  if (client !== 'sqlite' && client !== 'postgres' && client !== 'mysql') {
    throw new Error(`DATABASE_CLIENT must be sqlite, postgres or mysql, got ${client}`);
  }
  return client;
};

const uniqueName = () =>
  `msgtest_${process.env.JEST_WORKER_ID ?? 0}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;

/** Creates the database and points the DATABASE_* variables the playground reads at it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const client = databaseClient();
  const name = uniqueName();

  if (client === 'sqlite') {
    // Relative: the playground's config joins it onto the app directory.
    const relative = `.tmp/${name}.db`;
    process.env.DATABASE_FILENAME = relative;
    const absolute = path.join(appDir, relative);
    return {
      client,
      name,
      async drop() {
        for (const suffix of ['', '-wal', '-shm', '-journal'])
          fs.rmSync(absolute + suffix, { force: true });
      },
    };
  }

  if (client === 'postgres') {
    // Drivers load lazily: a SQLite run needs neither.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Client } = require('pg');
    const admin = () =>
      new Client({
        host: process.env.DATABASE_HOST ?? '127.0.0.1',
        port: Number(process.env.DATABASE_PORT ?? 5432),
        user: process.env.DATABASE_USERNAME ?? 'postgres',
        password: process.env.DATABASE_PASSWORD ?? '',
        database: 'postgres',
      });
    const connection = admin();
    await connection.connect();
    await connection.query(`CREATE DATABASE "${name}"`);
    await connection.end();
    process.env.DATABASE_NAME = name;
    process.env.DATABASE_HOST ??= '127.0.0.1';
    process.env.DATABASE_USERNAME ??= 'postgres';
    process.env.DATABASE_PASSWORD ??= '';
    process.env.DATABASE_SCHEMA ??= 'public';
    return {
      client,
      name,
      async drop() {
        const c = admin();
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  }

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mysql = require('mysql2/promise');
  const options = {
    host: process.env.DATABASE_HOST ?? '127.0.0.1',
    port: Number(process.env.DATABASE_PORT ?? 3306),
    user: process.env.DATABASE_USERNAME ?? 'root',
    password: process.env.DATABASE_PASSWORD ?? '',
  };
  const connection = await mysql.createConnection(options);
  await connection.query(
    `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`
  );
  await connection.end();
  process.env.DATABASE_NAME = name;
  process.env.DATABASE_HOST ??= options.host;
  process.env.DATABASE_USERNAME ??= options.user;
  process.env.DATABASE_PASSWORD ??= options.password;
  return {
    client,
    name,
    async drop() {
      const c = await mysql.createConnection(options);
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}
