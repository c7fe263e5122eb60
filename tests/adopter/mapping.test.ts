/**
 * Wrong mappings in the adopter app stop Strapi at start-up with the config
 * key named, as the README promises an adopter.
 */
import fs from 'fs';
import { bootAdopter, distWithChangedMapping } from './helpers/boot';

describe('the adopter app refuses a wrong mapping at start-up and names the key', () => {
  const copies: string[] = [];
  afterAll(() => copies.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it.each([
    [
      'an unknown content type',
      `host.appointment.uid = 'api::appointment.appointment'`,
      /host\.appointment\.uid.*api::appointment\.appointment/s,
    ],
    [
      'an unknown attribute',
      `host.appointment.fields.start = 'startzeit'`,
      /host\.appointment\.fields\.start.*startzeit/s,
    ],
    [
      'a status value the enumeration does not have',
      `host.appointment.statusValues.cancelled = 'storniert'`,
      /host\.appointment\.statusValues\.cancelled.*storniert/s,
    ],
    [
      'a consent attribute that is not a boolean',
      `host.client.fields.consent.sms = 'notiz'`,
      /host\.client\.fields\.consent\.sms.*expected boolean/s,
    ],
    [
      'a client relation that is a string',
      `host.appointment.fields.client = 'ort'`,
      /host\.appointment\.fields\.client/,
    ],
    [
      'a practice attribute the content type does not have',
      `host.practice.client = 'filiale'`,
      /host\.practice\.client.*filiale/s,
    ],
    ['no host block at all', `delete config.messaging.config.host`, /"host".*is missing/s],
  ])('%s', async (_name, change, message) => {
    const dir = distWithChangedMapping(String(copies.length), change);
    copies.push(dir);
    await expect(bootAdopter({ distDir: dir })).rejects.toThrow(message);
  });

  it('starts with the mapping as the app configures it', async () => {
    const app = await bootAdopter();
    expect(app.strapi.plugin('messaging')).toBeDefined();
    await app.stop();
  });
});
