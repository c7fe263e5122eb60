'use strict';
/**
 * Global setup of the adopter's browser tests: its database prepared in
 * process (an admin, a patient, a published and a draft termin), then the
 * app as `strapi start` from its own node_modules, with the admin that
 * scripts/adopter.js built, on a free loopback port. The dispatcher stays
 * off: nothing is sent.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const adopter = require('./app');
const { ensureAdmin } = require('../../../scripts/seed/admin');
const { freePort, waitForHealth } = require('../../e2e/helpers/server');

const ADMIN = { email: 'praxis@adopter.test', password: 'Adopter-Test-1234' };
const STATE = path.join(adopter.adopterDir, '.tmp', 'e2e-state.json');

const inDays = (days) => {
  const date = new Date(Date.now() + days * 86_400_000);
  date.setUTCHours(13, 0, 0, 0);
  return date;
};

async function prepareDatabase() {
  const { createStrapi } = adopter.adopterStrapi();
  const strapi = createStrapi({
    appDir: adopter.adopterDir,
    distDir: adopter.distDir,
    autoReload: false,
    serveAdminPanel: false,
  });
  strapi.log.level = 'error';
  await strapi.load();
  try {
    await ensureAdmin(strapi, ADMIN);
    // the practice's staff works in German: the admin's language is the user's own choice
    await strapi.db
      .query('admin::user')
      .update({ where: { email: ADMIN.email }, data: { preferedLanguage: 'de' } });
    const patient = await strapi.documents('api::patient.patient').create({
      data: {
        vorname: 'Jonas',
        nachname: 'Becker',
        anrede: 'Herr',
        handy: '0172 3456789',
        smsErlaubt: true,
      },
    });
    const termin = (days, ort) => ({
      beginn: inDays(days).toISOString(),
      ende: new Date(inDays(days).getTime() + 3_000_000).toISOString(),
      zustand: 'geplant',
      ort,
      patient: patient.documentId,
    });
    const published = await strapi
      .documents('api::termin.termin')
      .create({ data: termin(5, 'Raum 1'), status: 'published' });
    const draft = await strapi
      .documents('api::termin.termin')
      .create({ data: termin(8, 'Raum 3') });
    return { published: published.documentId, draft: draft.documentId };
  } finally {
    await strapi.destroy();
  }
}

async function setup() {
  adopter.assertPrepared();
  adopter.testEnvironment();
  fs.mkdirSync(path.dirname(STATE), { recursive: true });
  const database = `.tmp/e2e-${process.pid}.db`;
  process.env.DATABASE_FILENAME = database;
  process.env.MESSAGING_DISPATCHER = 'off';
  const cwd = process.cwd();
  process.chdir(adopter.adopterDir);
  let termine;
  try {
    termine = await prepareDatabase();
  } finally {
    process.chdir(cwd);
  }

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = fs.openSync(path.join(adopter.adopterDir, '.tmp', 'e2e-server.log'), 'w');
  const child = spawn(path.join(adopter.adopterDir, 'node_modules', '.bin', 'strapi'), ['start'], {
    cwd: adopter.adopterDir,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: url,
      NODE_ENV: 'production',
    },
    stdio: ['ignore', log, log],
    detached: true,
  });
  await waitForHealth(url, child);
  fs.writeFileSync(STATE, JSON.stringify({ url, pid: child.pid, database, admin: ADMIN, termine }));
}

async function teardown() {
  if (!fs.existsSync(STATE)) return;
  const { pid, database } = JSON.parse(fs.readFileSync(STATE, 'utf8'));
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // already gone
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const suffix of ['', '-wal', '-shm'])
    fs.rmSync(path.join(adopter.adopterDir, database + suffix), { force: true });
  fs.rmSync(STATE, { force: true });
}

const state = () => JSON.parse(fs.readFileSync(STATE, 'utf8'));

module.exports = async () => setup();
module.exports.teardown = teardown;
module.exports.state = state;
