/** Small helpers over the booted plugin for integration tests. */
import request from 'supertest';
import type { TestApp } from './strapi';

export const UID_MESSAGE = 'plugin::messaging.message';

export const dispatcher = (app: TestApp) => app.strapi.plugin('messaging').service('dispatcher');

export const tick = (app: TestApp) => dispatcher(app).tick();

/**
 * Ticks until `done` holds (at most `tries` ticks, 100 ms apart). On MariaDB
 * under load a row queued a moment ago is now and then not claimed by the
 * very next tick (the cron's next tick takes it in production); a test that
 * needs it sent waits for that, boundedly, instead of assuming one tick.
 */
export async function tickUntil(
  app: TestApp,
  done: () => Promise<boolean> | boolean,
  tries = 30,
  explain?: () => Promise<unknown>
): Promise<void> {
  const results: unknown[] = [];
  for (let attempt = 0; attempt < tries; attempt += 1) {
    results.push(await tick(app));
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // What the ticks did and (if the caller says how) the state it waited on:
  // a flaky wait on a CI machine must say why it waited in vain.
  const state = explain ? `; state: ${JSON.stringify(await explain())}` : '';
  throw new Error(
    `not done after ${tries} dispatcher ticks; first and last tick: ${JSON.stringify([results[0], results.at(-1)])}${state}`
  );
}

export const messageRows = (app: TestApp, where: Record<string, unknown> = {}) =>
  app.strapi.db.query(UID_MESSAGE as never).findMany({ where, orderBy: { id: 'asc' } }) as Promise<
    any[]
  >;

/** Runs the notice planner now (the dispatcher's tick does it too): appointment saves only leave an event behind. */
export const planNotices = (app: TestApp) =>
  app.strapi.plugin('messaging').service('planner').processPending() as Promise<number | null>;

/** The outbox rows after the planner has turned pending appointment events into notices. */
export const plannedRows = async (app: TestApp, where: Record<string, unknown> = {}) => {
  await planNotices(app);
  return messageRows(app, where);
};

export const countMessages = (app: TestApp) => app.strapi.db.query(UID_MESSAGE as never).count({});

/** Makes a queued message due now (instead of waiting for its backoff). */
export const makeDue = (app: TestApp, id: number) =>
  app.strapi.db
    .query(UID_MESSAGE as never)
    .update({ where: { id }, data: { sendAfter: new Date(Date.now() - 1000) } });

export async function enableChannels(
  app: TestApp,
  token: string,
  changes: Record<string, boolean> = { smsEnabled: true, threemaEnabled: true }
) {
  await request(app.http)
    .put('/messaging/settings')
    .set({ Authorization: `Bearer ${token}` })
    .send(changes)
    .expect(200);
}
