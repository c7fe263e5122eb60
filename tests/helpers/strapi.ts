/**
 * Boots the real playground (with the plugin from dist/) on a fresh database
 * for one test file, and gives supertest an admin token.
 */
import request from 'supertest';
import { createStrapi, type Core } from '@strapi/strapi';
import { createTestDatabase, type TestDatabase } from './database';
import { appDir, distDir } from './paths';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const playground = require('../../scripts/lib/playground');

export interface TestApp {
  strapi: Core.Strapi;
  database: TestDatabase;
  /** the supertest agent's target */
  http: Parameters<typeof request>[0];
  stop(): Promise<void>;
}

export interface BootOptions {
  /** another dist directory, e.g. one with a changed config/plugins.js */
  distDir?: string;
  /** called before Strapi loads, e.g. to watch its log during register() and bootstrap() */
  beforeLoad?: (strapi: Core.Strapi) => void;
}

export async function bootPlayground(options: BootOptions = {}): Promise<TestApp> {
  playground.setTestSecrets();
  const database = await createTestDatabase();
  process.chdir(appDir);
  const strapi: Core.Strapi = createStrapi({
    appDir,
    distDir: options.distDir ?? distDir,
    autoReload: false,
    serveAdminPanel: false,
  });
  strapi.log.level = (process.env.TEST_LOG_LEVEL as 'error') ?? 'error';
  options.beforeLoad?.(strapi);
  try {
    await strapi.load();
  } catch (error) {
    await strapi.destroy().catch(() => undefined);
    await database.drop();
    throw error;
  }
  strapi.server.mount();
  return {
    strapi,
    database,
    http: strapi.server.httpServer,
    async stop() {
      await strapi.destroy();
      await database.drop();
    },
  };
}

export const SUPER_ADMIN = {
  email: 'admin@praxis.test',
  password: 'Test1234!admin',
  firstname: 'Ada',
  lastname: 'Admin',
};

/** Registers the first admin (only possible on a fresh database) and returns its JWT. */
export async function registerSuperAdmin(app: TestApp): Promise<string> {
  const response = await request(app.http).post('/admin/register-admin').send(SUPER_ADMIN);
  if (response.status !== 200)
    throw new Error(`register-admin: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.data.token as string;
}

/** Creates an admin in a role with the given permissions and returns its JWT. */
export async function adminWithPermissions(
  app: TestApp,
  actions: string[],
  email = 'staff@praxis.test'
): Promise<string> {
  const { strapi } = app;
  const role = await strapi
    .service('admin::role')
    .create({ name: `role for ${email}`, description: 'test' });
  if (actions.length > 0) {
    await strapi.service('admin::role').assignPermissions(
      role.id,
      actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] }))
    );
  }
  const password = 'Test1234!staff';
  await strapi.service('admin::user').create({
    email,
    firstname: 'Sam',
    lastname: 'Staff',
    password,
    isActive: true,
    roles: [role.id],
  });
  const response = await request(app.http).post('/admin/login').send({ email, password });
  if (response.status !== 200)
    throw new Error(`login: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.data.token as string;
}
