/**
 * A copy of the compiled playground (without the admin build) in which some
 * config files are wrapped: each change is JavaScript run on what the
 * original file gives (`config`), so a test boots Strapi with a few keys
 * changed, e.g. `{ api: "config.rest.prefix = '/v2'" }`; content-type
 * schemas can be changed too.
 */
import fs from 'fs';
import path from 'path';
import { appDir, distDir } from './paths';

export type ConfigFile = 'plugins' | 'api' | 'server';

export interface DistCopy {
  dir: string;
  remove(): void;
}

/** A compiled schema (path under dist/src, e.g. `api/client/content-types/client/schema.json`) and what to do to it. */
export type SchemaChanges = Record<
  string,
  (schema: { attributes: Record<string, unknown> } & Record<string, unknown>) => void
>;

export function distWithConfig(
  name: string,
  changes: Partial<Record<ConfigFile, string>>,
  schemas: SchemaChanges = {}
): DistCopy {
  const dir = path.join(appDir, '.tmp', `dist-${name}-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(distDir, dir, {
    recursive: true,
    filter: (source) => !source.startsWith(path.join(distDir, 'build')),
  });
  for (const [file, change] of Object.entries(changes)) {
    const original = path.join(distDir, 'config', `${file}.js`);
    fs.writeFileSync(
      path.join(dir, 'config', `${file}.js`),
      `const original = require(${JSON.stringify(original)});
       const build = original.default || original;
       // an object export is shared through require's cache: change a copy
       module.exports = (ctx) => { const config = typeof build === 'function' ? build(ctx) : structuredClone(build); ${change}; return config; };`
    );
  }
  // a host whose content types differ from the playground's, e.g. consent kept as JSON
  for (const [file, change] of Object.entries(schemas)) {
    const schemaPath = path.join(dir, 'src', file);
    const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
    change(schema);
    fs.writeFileSync(schemaPath, JSON.stringify(schema, null, 2));
  }
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
