'use strict';
/**
 * Global setup of the browser tests: the demo app, built and seeded on a
 * temporary SQLite database, started as a real `strapi start` on a free
 * loopback port. The URL and the admin login go to the tests through env.
 */
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');
const playground = require('../../../scripts/lib/playground');
const { buildPlugin, adminBuildIsStale } = require('../../../scripts/lib/build-plugin');
const { seedPractice, seedStaff } = require('../../../scripts/seed/run');
const { ensureAdmin } = require('../../../scripts/seed/admin');

const ADMIN = { email: 'e2e@praxis.test', password: 'E2e-Test-1234' };
const STATE = path.join(playground.appDir, '.tmp', 'e2e-state.json');

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

async function waitForHealth(url, child, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`strapi start exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/_health`);
      if (response.status === 204) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`no healthy server at ${url} after ${timeoutMs} ms`);
}

/**
 * SMS go to the fake Twilio (tests/fakes) in a process of its own, through
 * the real SDK: the browser tests can read what a client's phone got (an
 * access code) from its `/__fake/messages`. Threema stays a dry run.
 */
function startFakeTwilio() {
  const child = spawn(
    process.execPath,
    [path.join(__dirname, '..', '..', '..', 'scripts', 'lib', 'fake-twilio-process.js'), '0'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    }
  );
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const line = buffer.split('\n')[0];
      if (buffer.includes('\n')) resolve({ ...JSON.parse(line), pid: child.pid });
    });
    child.on('exit', (code) => reject(new Error(`fake Twilio exited with ${code}`)));
  });
}

async function setup() {
  playground.setTestSecrets();
  process.chdir(playground.appDir);
  buildPlugin();
  if (adminBuildIsStale(playground.appDir)) {
    execFileSync('npx', ['strapi', 'build'], {
      cwd: playground.appDir,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: process.env,
    });
  } else {
    await playground.compilePlayground();
  }

  const database = `.tmp/e2e-${process.pid}.db`;
  process.env.DATABASE_FILENAME = database;
  const strapi = await playground.loadPlayground();
  try {
    await seedPractice(strapi);
    await ensureAdmin(strapi, ADMIN);
    // the practices' staff (scripts/seed/data.js STAFF) sign in with the e2e password
    await seedStaff(strapi, ADMIN.password);
  } finally {
    await strapi.destroy();
  }

  const twilio = await startFakeTwilio();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = fs.openSync(path.join(playground.appDir, '.tmp', 'e2e-server.log'), 'w');
  // the clients' inbox: the e-mails the server sent, one JSON line each
  const mailbox = path.join(playground.appDir, '.tmp', 'e2e-mailbox.jsonl');
  fs.rmSync(mailbox, { force: true });
  const child = spawn('npx', ['strapi', 'start'], {
    cwd: playground.appDir,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      MESSAGING_PUBLIC_URL: url,
      NODE_ENV: 'production',
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM: 'Praxis',
      TWILIO_API_BASE_URL: twilio.url,
      MESSAGING_SMS_PROVIDER: 'twilio',
      ADMIN_LOGIN_RATE_LIMIT: '100',
      EMAIL_LOG_FILE: mailbox,
      // Threema is the dry run here (no gateway): its messages show in the admin's Dry-run outbox
      MESSAGING_DRY_RUN_OUTBOX: 'on',
    },
    stdio: ['ignore', log, log],
    detached: true,
  });
  await waitForHealth(url, child);
  fs.writeFileSync(
    STATE,
    JSON.stringify({
      url,
      pid: child.pid,
      database,
      admin: ADMIN,
      mailbox,
      twilio: { url: twilio.url, pid: twilio.pid },
    })
  );
}

async function teardown() {
  if (!fs.existsSync(STATE)) return;
  const { pid, database, twilio } = JSON.parse(fs.readFileSync(STATE, 'utf8'));
  for (const group of [pid, twilio?.pid].filter(Boolean)) {
    try {
      process.kill(-group, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const suffix of ['', '-wal', '-shm'])
    fs.rmSync(path.join(playground.appDir, database + suffix), { force: true });
  fs.rmSync(STATE, { force: true });
  fs.rmSync(path.join(path.dirname(STATE), 'e2e-login.json'), { force: true }); // the browser tests' saved login
}

const state = () => JSON.parse(fs.readFileSync(STATE, 'utf8'));

module.exports = { setup, teardown, state, stateFile: STATE, freePort, waitForHealth };
