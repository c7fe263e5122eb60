/**
 * Makes the database itself refuse one INSERT, to prove that a multi-step
 * write is all or nothing: a trigger on `table` that aborts when `column`
 * equals `value`. No test hook in the plugin's code; works on SQLite,
 * PostgreSQL and MariaDB. Returns a function that removes the trigger.
 */
import type { TestApp } from './strapi';

export async function failInsertWhen(
  app: TestApp,
  table: string,
  column: string,
  value: string
): Promise<() => Promise<void>> {
  const knex = app.strapi.db.connection;
  const client = app.strapi.db.dialect.client as string;
  const name = `test_fail_${table}`.slice(0, 60);
  const quoted = value.replace(/'/g, "''");
  if (client === 'postgres' || client === 'pg') {
    const schema = app.strapi.db.getSchemaName() ?? 'public';
    await knex.raw(
      `CREATE OR REPLACE FUNCTION ${schema}.${name}() RETURNS trigger AS $$ BEGIN IF NEW.${column} = '${quoted}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`
    );
    await knex.raw(
      `CREATE TRIGGER ${name} BEFORE INSERT ON ${schema}.${table} FOR EACH ROW EXECUTE FUNCTION ${schema}.${name}()`
    );
    return async () => {
      await knex.raw(`DROP TRIGGER IF EXISTS ${name} ON ${schema}.${table}`);
      await knex.raw(`DROP FUNCTION IF EXISTS ${schema}.${name}()`);
    };
  }
  if (client === 'mysql' || client === 'mysql2') {
    await knex.raw(
      `CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW BEGIN IF NEW.${column} = '${quoted}' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure'; END IF; END`
    );
    return async () => {
      await knex.raw(`DROP TRIGGER IF EXISTS ${name}`);
    };
  }
  await knex.raw(
    `CREATE TRIGGER ${name} BEFORE INSERT ON ${table} WHEN NEW.${column} = '${quoted}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`
  );
  return async () => {
    await knex.raw(`DROP TRIGGER IF EXISTS ${name}`);
  };
}
