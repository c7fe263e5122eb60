'use strict';
/**
 * The demo's admin user: from DEMO_ADMIN_EMAIL / DEMO_ADMIN_PASSWORD when set,
 * otherwise generated once and remembered in playground/.tmp/demo-admin.json
 * (git-ignored) so that a re-run prints the same credentials.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

function demoCredentials(appDir, env = process.env) {
  if (env.DEMO_ADMIN_EMAIL && env.DEMO_ADMIN_PASSWORD) {
    return { email: env.DEMO_ADMIN_EMAIL, password: env.DEMO_ADMIN_PASSWORD, generated: false };
  }
  const file = path.join(appDir, '.tmp', 'demo-admin.json');
  if (fs.existsSync(file)) return { ...JSON.parse(fs.readFileSync(file, 'utf8')), generated: true };
  // Strapi wants 8+ characters with a lower- and an upper-case letter and a digit.
  const password = `Demo-${crypto.randomBytes(6).toString('base64url')}9a`;
  const credentials = { email: env.DEMO_ADMIN_EMAIL || 'admin@praxis.example', password };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return { ...credentials, generated: true };
}

/** Creates the super admin if no user has that e-mail; returns whether it did. */
async function ensureAdmin(strapi, { email, password }) {
  const users = strapi.service('admin::user');
  const existing = await strapi.db
    .query('admin::user')
    .findOne({ where: { email: email.toLowerCase() } });
  if (existing) return false;
  const superAdmin = await strapi.service('admin::role').getSuperAdmin();
  await users.create({
    email: email.toLowerCase(),
    firstname: 'Demo',
    lastname: 'Praxis',
    password,
    isActive: true,
    registrationToken: null,
    roles: superAdmin ? [superAdmin.id] : [],
  });
  return true;
}

module.exports = { demoCredentials, ensureAdmin };
