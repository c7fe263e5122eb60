'use strict';
/**
 * Where the adopter app is and how to run it, shared by its integration
 * tests, its browser tests and scripts/adopter.js. The app is booted with
 * its own @strapi/strapi from adopter/node_modules, so the plugin is the one
 * npm installed there from the tarball, never this repository's sources.
 */
const fs = require('fs');
const path = require('path');

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const adopterDir = path.join(repoRoot, 'adopter');
const distDir = path.join(adopterDir, 'dist');
const pluginDir = path.join(adopterDir, 'node_modules', 'strapi-plugin-messaging');

const SECRET_NAMES = [
  'APP_KEYS',
  'API_TOKEN_SALT',
  'ADMIN_JWT_SECRET',
  'TRANSFER_TOKEN_SALT',
  'JWT_SECRET',
  'ENCRYPTION_KEY',
];

/** The secrets the app's config reads (a real install keeps them in .env), and no outbound calls. */
function testEnvironment(env = process.env) {
  for (const name of SECRET_NAMES) {
    if (!env[name])
      env[name] = name === 'APP_KEYS' ? 'adopterKeyA,adopterKeyB' : `adopter-${name.toLowerCase()}`;
  }
  env.STRAPI_TELEMETRY_DISABLED = 'true';
  delete env.TWILIO_EDGE; // the Twilio SDK must not rewrite the fake's host
  delete env.TWILIO_REGION;
  return env;
}

/** Fails with what to do when the app has not been installed and built by scripts/adopter.js. */
function assertPrepared() {
  const manifest = JSON.parse(fs.readFileSync(path.join(adopterDir, 'package.json'), 'utf8'));
  const missing = [
    // Strapi finds installed plugins through the app's package.json
    [
      Boolean(manifest.dependencies?.['strapi-plugin-messaging']),
      'the plugin in adopter/package.json',
    ],
    [fs.existsSync(path.join(pluginDir, 'package.json')), 'the plugin in adopter/node_modules'],
    [fs.existsSync(path.join(distDir, 'config', 'plugins.js')), "the app's build in adopter/dist"],
  ].filter(([present]) => !present);
  if (missing.length > 0) {
    throw new Error(
      `${missing.map(([, what]) => what).join(', ')} missing: run \`node scripts/adopter.js\` (it packs the plugin, installs it into adopter/, builds the app and runs these tests), or \`node scripts/adopter.js --keep\` to run them again by hand afterwards`
    );
  }
}

const adopterStrapi = () => require(path.join(adopterDir, 'node_modules', '@strapi', 'strapi'));

module.exports = {
  repoRoot,
  adopterDir,
  distDir,
  pluginDir,
  testEnvironment,
  assertPrepared,
  adopterStrapi,
};
