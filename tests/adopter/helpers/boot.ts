/**
 * Boots the adopter app in this process on a fresh SQLite file under
 * adopter/.tmp, as the playground's tests boot the playground.
 */
import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const adopter = require('./app');

export interface AdopterApp {
  strapi: Core.Strapi;
  stop(): Promise<void>;
}

export async function bootAdopter(options: { distDir?: string } = {}): Promise<AdopterApp> {
  adopter.testEnvironment();
  // relative: the app's config/database.ts joins it onto the app directory
  const database = `.tmp/adopter-${process.env.JEST_WORKER_ID ?? 0}-${process.pid}-${Date.now().toString(36)}.db`;
  process.env.DATABASE_FILENAME = database;
  const dropDatabase = () => {
    for (const suffix of ['', '-wal', '-shm', '-journal'])
      fs.rmSync(path.join(adopter.adopterDir, database + suffix), { force: true });
  };
  process.chdir(adopter.adopterDir);
  const { createStrapi } = adopter.adopterStrapi() as typeof import('@strapi/strapi');
  const strapi = createStrapi({
    appDir: adopter.adopterDir,
    distDir: options.distDir ?? adopter.distDir,
    autoReload: false,
    serveAdminPanel: false,
  });
  strapi.log.level = (process.env.TEST_LOG_LEVEL as 'error') ?? 'error';
  try {
    await strapi.load();
  } catch (error) {
    await strapi.destroy().catch(() => undefined);
    dropDatabase();
    throw error;
  }
  strapi.server.mount();
  return {
    strapi,
    async stop() {
      await strapi.destroy();
      dropDatabase();
    },
  };
}

/**
 * A copy of the adopter's compiled app whose config/plugins.js changes the
 * messaging config (`change` is JavaScript run with `host` bound to
 * config.messaging.config.host), so Strapi boots with a wrong mapping.
 */
export function distWithChangedMapping(name: string, change: string): string {
  const target = path.join(adopter.adopterDir, '.tmp', `dist-${name}-${process.pid}`);
  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(adopter.distDir, target, {
    recursive: true,
    filter: (source: string) => !source.startsWith(path.join(adopter.distDir, 'build')),
  });
  fs.writeFileSync(
    path.join(target, 'config', 'plugins.js'),
    `const original = require(${JSON.stringify(path.join(adopter.distDir, 'config', 'plugins.js'))});
     const build = original.default || original;
     module.exports = (ctx) => { const config = build(ctx); const host = config.messaging.config.host; ${change}; return config; };`
  );
  return target;
}
