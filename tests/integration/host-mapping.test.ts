import fs from 'fs';
import path from 'path';
import { bootPlayground } from '../helpers/strapi';
import { appDir, distDir } from '../helpers/paths';

/**
 * A copy of the compiled playground whose config/plugins.js changes one key
 * of the host mapping, so Strapi boots with a wrong mapping.
 */
function distWithMapping(name: string, change: string): string {
  const target = path.join(appDir, '.tmp', `dist-${name}-${process.pid}`);
  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(distDir, target, {
    recursive: true,
    filter: (source) => !source.startsWith(path.join(distDir, 'build')),
  });
  fs.writeFileSync(
    path.join(target, 'config', 'plugins.js'),
    `const original = require(${JSON.stringify(path.join(distDir, 'config', 'plugins.js'))});
     const build = original.default || original;
     module.exports = (ctx) => { const config = build(ctx); const host = config.messaging.config.host; ${change}; return config; };`
  );
  return target;
}

describe('host mapping is checked at start-up', () => {
  const copies: string[] = [];
  afterAll(() => copies.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it.each([
    [
      'unknown-field',
      `host.appointment.fields.start = 'startsAt'`,
      /host\.appointment\.fields\.start.*no attribute "startsAt"/,
    ],
    [
      'unknown-uid',
      `host.client.uid = 'api::patient.patient'`,
      /host\.client\.uid.*no content type "api::patient\.patient"/,
    ],
    [
      'wrong-type',
      `host.appointment.fields.start = 'note'`,
      /host\.appointment\.fields\.start.*is a text, expected datetime/,
    ],
    [
      'wrong-status',
      `host.appointment.statusValues.cancelled = 'abgesagt'`,
      /host\.appointment\.statusValues\.cancelled/,
    ],
    ['bad-shape', `host.recordType = 'record-type'`, /host\.recordType/],
  ])('refuses to start with %s and names the key', async (name, change, message) => {
    const dir = distWithMapping(name, change);
    copies.push(dir);
    await expect(bootPlayground({ distDir: dir })).rejects.toThrow(message);
  });

  it('starts with the documented example mapping', async () => {
    const app = await bootPlayground();
    expect(app.strapi.plugin('messaging')).toBeDefined();
    await app.stop();
  });
});
