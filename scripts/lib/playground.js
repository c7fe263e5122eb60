'use strict';
/**
 * Shared by the demo, the seed and the tests: where the playground is, the
 * secrets it needs, and how to boot it in-process.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const repoRoot = path.resolve(__dirname, '..', '..');
const appDir = path.join(repoRoot, 'playground');
const distDir = path.join(appDir, 'dist');

const SECRET_NAMES = [
  'APP_KEYS',
  'API_TOKEN_SALT',
  'ADMIN_JWT_SECRET',
  'TRANSFER_TOKEN_SALT',
  'JWT_SECRET',
  'ENCRYPTION_KEY',
];

const randomSecret = (name) =>
  name === 'APP_KEYS'
    ? [1, 2, 3, 4].map(() => crypto.randomBytes(16).toString('base64')).join(',')
    : crypto.randomBytes(16).toString('base64');

/** Creates playground/.env with fresh random secrets once; never overwrites it. */
function ensureDotEnv() {
  const file = path.join(appDir, '.env');
  if (fs.existsSync(file)) return file;
  const lines = SECRET_NAMES.map((name) => `${name}=${randomSecret(name)}`);
  fs.writeFileSync(
    file,
    `# Written by scripts/demo.js for the local demo. Not committed.\n${lines.join('\n')}\n`
  );
  return file;
}

/** Fills the secrets a test process needs without touching playground/.env. */
function setTestSecrets(env = process.env) {
  for (const name of SECRET_NAMES) {
    if (!env[name])
      env[name] = name === 'APP_KEYS' ? 'testKeyA,testKeyB' : `test-${name.toLowerCase()}`;
  }
  env.STRAPI_TELEMETRY_DISABLED = 'true';
  // Never let the Twilio SDK rewrite hosts (see shared/specs/protocols.md A10).
  delete env.TWILIO_EDGE;
  delete env.TWILIO_REGION;
}

/** Compiles the playground's TypeScript into playground/dist (the plugin itself is built by strapi-plugin build). */
async function compilePlayground() {
  const { compileStrapi } = require('@strapi/strapi');
  return compileStrapi({ appDir, ignoreDiagnostics: false });
}

/** Boots the playground in this process; the caller destroys it. */
async function loadPlayground({ logLevel = 'error' } = {}) {
  const { createStrapi } = require('@strapi/strapi');
  const app = createStrapi({ appDir, distDir, autoReload: false, serveAdminPanel: false });
  app.log.level = logLevel;
  await app.load();
  return app;
}

module.exports = {
  repoRoot,
  appDir,
  distDir,
  ensureDotEnv,
  setTestSecrets,
  compilePlayground,
  loadPlayground,
};
