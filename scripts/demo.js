#!/usr/bin/env node
'use strict';
/**
 * `npm run demo`: the playground practice with the plugin, on SQLite, seeded,
 * with an admin user, served on HOST:PORT. Asks nothing; re-runs reuse the
 * database and the admin. Strapi's usual variables (HOST, PORT,
 * DATABASE_CLIENT, DATABASE_FILENAME, ...) are honoured.
 *
 *   --no-start   prepare everything (build, seed, admin) and exit
 */
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const playground = require('./lib/playground');
const { buildPlugin, adminBuildIsStale } = require('./lib/build-plugin');
const { seedPractice, seedStaff, STAFF } = require('./seed/run');
const { demoCredentials, ensureAdmin } = require('./seed/admin');

const { appDir } = playground;

/** What `npm run demo` sets unless given (see the README's demo section). */
const DEMO_ENVIRONMENT = {
  MESSAGING_DRY_RUN_CHARGE: 'on',
  MESSAGING_DRY_RUN_OUTBOX: 'on',
  MESSAGING_EMAIL_PROVIDER: 'dry-run',
};
const startServer = !process.argv.includes('--no-start');

function loadDotEnv(file) {
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match && process.env[match[1]] === undefined) process.env[match[1]] = match[2];
  }
}

async function prepare() {
  process.chdir(appDir);
  loadDotEnv(playground.ensureDotEnv());
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  // The demo shows costs and downloads end to end: the dry run is billed as if real (usage,
  // budget and its e-mails move), and what it "sends", e-mails included, is readable in the
  // admin's Dry-run outbox (the access code, the slip and download links). Off everywhere else.
  for (const [name, value] of Object.entries(DEMO_ENVIRONMENT))
    if (process.env[name] === undefined) process.env[name] = value;

  buildPlugin();
  if (adminBuildIsStale(appDir)) {
    console.log('building the admin panel (strapi build, about a minute) ...');
    execFileSync('npx', ['strapi', 'build'], { cwd: appDir, stdio: 'inherit', env: process.env });
  } else {
    await playground.compilePlayground();
  }

  const strapi = await playground.loadPlayground();
  try {
    const created = await seedPractice(strapi);
    console.log(
      `seed: ${created.recordTypes} record types, ${created.clients} clients, ${created.practices} practices, ${created.appointments} appointments added` +
        (created.clients + created.appointments === 0 ? ' (already seeded)' : '')
    );
    const credentials = demoCredentials(appDir);
    const createdAdmin = await ensureAdmin(strapi, credentials);
    // staff of each practice (and one of both), with the admin's password: the practice switcher and the scoped views
    await seedStaff(strapi, credentials.password);
    return { credentials, createdAdmin };
  } finally {
    await strapi.destroy();
  }
}

async function main() {
  const { credentials, createdAdmin } = await prepare();
  const port = process.env.PORT || '1337';
  const host = process.env.HOST || '0.0.0.0';
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/admin`;
  const login = [
    `admin user: ${credentials.email}${createdAdmin ? ' (created)' : ''}`,
    credentials.generated
      ? `password:   ${credentials.password}  (generated; kept in playground/.tmp/demo-admin.json)`
      : 'password:   from DEMO_ADMIN_PASSWORD',
    `staff:      ${STAFF.map((person) => person.email).join(', ')} (same password; own practices only)`,
  ];
  if (!startServer) {
    console.log(['demo prepared.', ...login].join('\n'));
    return;
  }
  const server = spawn('npx', ['strapi', 'start'], {
    cwd: appDir,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  });
  let announced = false;
  server.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (
      !announced &&
      /Strapi started successfully|Welcome back|To access the server/i.test(chunk.toString())
    ) {
      announced = true;
      console.log(
        [
          '',
          '==> Messaging demo is running',
          `admin:      ${url}`,
          ...login,
          'SMS and Threema use the dry-run provider: nothing leaves this machine.',
          '',
        ].join('\n')
      );
    }
  });
  const stop = () => server.kill('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.on('exit', (code) => process.exit(code ?? 0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
