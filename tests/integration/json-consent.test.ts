/**
 * A host that keeps consent in a JSON attribute with its own inner names
 * (`einwilligung: [{ kanal, erteilt, datum, quelle }]`). Before issue 14 the
 * start-up check let it pass and then every planning pass failed ("Invalid
 * key einwilligung": the plugin populated a JSON field), so nothing was
 * planned, not even the e-mail. Here the planner reads it, and a STOP reply
 * appends an entry in the host's own names.
 */
import request from 'supertest';
import twilioSdk from 'twilio';
import { distWithConfig, type DistCopy } from '../helpers/dist-copy';
import { enableChannels, planNotices, plannedRows } from '../helpers/messaging';
import { bootWithFakes, type FakedPlayground } from '../helpers/with-fakes';
import type { TestApp } from '../helpers/strapi';

const APPOINTMENT = 'api::appointment.appointment';
const CLIENT = 'api::client.client';

const inDays = (days: number) => {
  const date = new Date(Date.now() + days * 86_400_000);
  date.setUTCHours(13, 0, 0, 0);
  return date;
};

describe('consent mapped as a JSON attribute with the host’s own inner names', () => {
  let copy: DistCopy;
  let faked: FakedPlayground;
  let app: TestApp;

  beforeAll(async () => {
    copy = distWithConfig(
      'json-consent',
      {
        plugins: `config.messaging.config.host.client.fields.consent = {
          attribute: 'einwilligung',
          fields: { channel: 'kanal', granted: 'erteilt', date: 'datum', source: 'quelle' },
        }`,
      },
      {
        'api/client/content-types/client/schema.json': (schema) =>
          void (schema.attributes.einwilligung = { type: 'json' }),
      }
    );
    faked = await bootWithFakes(
      { MESSAGING_QUIET_HOURS: 'off' },
      { boot: () => ({ distDir: copy.dir }) }
    );
    app = faked.app;
    await enableChannels(app, faked.token, { smsEnabled: true, threemaEnabled: false });
  }, 120_000);
  afterAll(async () => {
    await faked?.stop();
    copy?.remove();
  });

  const client = (einwilligung: unknown, digits: string) =>
    app.strapi.documents(CLIENT).create({
      data: {
        recordNumber: `J-${digits}`,
        firstName: 'Jana',
        lastName: `Json${digits}`,
        mobile: `0176 5551${digits}`,
        email: `jana${digits}@example.org`,
        einwilligung,
      } as any,
    });
  const book = async (clientId: string) => {
    const booked = await app.strapi.documents(APPOINTMENT).create({
      data: {
        start: inDays(3).toISOString(),
        end: new Date(inDays(3).getTime() + 50 * 60_000).toISOString(),
        client: clientId,
      } as any,
    });
    await planNotices(app);
    return (await plannedRows(app, { appointmentDocumentId: booked.documentId })).map((row) => [
      row.kind,
      row.channel,
      row.status,
      row.errorCode ?? null,
    ]);
  };
  const reply = (from: string, body: string) => {
    const url = 'https://praxis.example.test/api/messaging/webhooks/twilio/inbound';
    const params = {
      AccountSid: faked.twilio.accountSid,
      From: from,
      To: '+4915100000000',
      Body: body,
      MessageSid: `SM${'3'.repeat(32)}`,
    };
    const signature = twilioSdk.getExpectedTwilioSignature(faked.twilio.authToken, url, params);
    return request(app.http)
      .post('/api/messaging/webhooks/twilio/inbound')
      .type('form')
      .set('X-Twilio-Signature', signature)
      .send(params)
      .expect(200);
  };

  it('plans SMS for a client whose JSON entries grant it, and e-mail whatever the entries say', async () => {
    const granted = await client(
      [{ kanal: 'sms', erteilt: true, datum: '2026-01-05T09:00:00Z', quelle: 'Anmeldebogen' }],
      '0001'
    );
    const rows = await book(granted.documentId);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['confirmation', 'email', 'queued', null],
        ['reminder', 'sms', 'queued', null],
      ])
    );
    expect(rows.filter((row) => row[2] === 'skipped' && row[3] === 'no-consent')).toEqual([]);
  });

  it('skips SMS where the latest entry withdraws it, or where there are none, and keeps e-mail', async () => {
    const withdrawn = await client(
      [
        { kanal: 'sms', erteilt: true, datum: '2026-01-05T09:00:00Z', quelle: 'Anmeldebogen' },
        { kanal: 'sms', erteilt: false, datum: '2026-02-01T09:00:00Z', quelle: 'Telefon' },
      ],
      '0002'
    );
    const none = await client(null, '0003');
    for (const who of [withdrawn, none]) {
      const rows = await book(who.documentId);
      expect(rows.filter((row) => row[1] === 'sms').map((row) => [row[2], row[3]])).toEqual(
        expect.arrayContaining([['skipped', 'no-consent']])
      );
      expect(rows.filter((row) => row[1] === 'sms' && row[2] === 'queued')).toEqual([]);
      expect(rows).toEqual(expect.arrayContaining([['confirmation', 'email', 'queued', null]]));
    }
  });

  it('appends a STOP reply to the JSON list in the host’s names, and a later START after it', async () => {
    const jana = await client(
      [{ kanal: 'sms', erteilt: true, datum: '2026-01-05T09:00:00Z', quelle: 'Anmeldebogen' }],
      '0004'
    );
    await reply('+4917655510004', 'STOP');
    await reply('+4917655510004', 'START');
    const stored: any = await app.strapi.documents(CLIENT).findOne({ documentId: jana.documentId });
    expect(
      stored.einwilligung.map((entry: any) => [entry.kanal, entry.erteilt, entry.quelle])
    ).toEqual([
      ['sms', true, 'Anmeldebogen'],
      ['sms', false, 'SMS reply "STOP"'],
      ['sms', true, 'SMS reply "START"'],
    ]);
    expect(Object.keys(stored.einwilligung[1]).sort()).toEqual([
      'datum',
      'erteilt',
      'kanal',
      'quelle',
    ]);
    // the START is what counts now: SMS is planned again
    expect(await book(jana.documentId)).toEqual(
      expect.arrayContaining([['reminder', 'sms', 'queued', null]])
    );
  });
});
