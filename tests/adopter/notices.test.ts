/**
 * The adopter app (adopter/: its own German names, draft & publish on its
 * appointments, consent as one boolean per channel) with the plugin npm
 * installed from the packed tarball: the notices a practice's patient gets,
 * through the real Twilio SDK to the fake Twilio on 127.0.0.1.
 */
import fs from 'fs';
import request from 'supertest';
import { FakeTwilio } from '../fakes/twilio-server';
import { setEnv } from '../helpers/env';
import { bootAdopter, type AdopterApp } from './helpers/boot';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pluginDir } = require('./helpers/app');

const TERMIN = 'api::termin.termin';
const PATIENT = 'api::patient.patient';

/** A weekday afternoon some days ahead: no reminder is due yet, no quiet hours matter. */
const inDays = (days: number) => {
  const date = new Date(Date.now() + days * 86_400_000);
  date.setUTCHours(13, 0, 0, 0);
  return date;
};
const slot = (days: number) => ({
  beginn: inDays(days).toISOString(),
  ende: new Date(inDays(days).getTime() + 50 * 60_000).toISOString(),
});

describe('the adopter app: a termin’s notices, from draft to cancellation (plugin installed from the tarball)', () => {
  let twilio: FakeTwilio;
  let app: AdopterApp;
  let restoreEnv: () => void;
  let termin: string;
  const mails: unknown[] = [];

  const messaging = () => app.strapi.plugin('messaging');
  /** What the dispatcher's cron would do: plan the pending appointment events, then send what is due. */
  const planAndSend = async () => {
    await messaging().service('planner').processPending();
    await messaging().service('dispatcher').tick();
  };
  const outboxRows = () =>
    app.strapi.db
      .query('plugin::messaging.message' as never)
      .findMany({ where: { appointmentDocumentId: termin }, orderBy: { id: 'asc' } }) as Promise<
      any[]
    >;

  beforeAll(async () => {
    twilio = await new FakeTwilio().start();
    restoreEnv = setEnv({
      ...twilio.env('Praxis'),
      PUBLIC_URL: 'http://127.0.0.1:1337',
      MESSAGING_DISPATCHER: 'off', // the test ticks it
      MESSAGING_SETTLE_DELAY_SECONDS: '0',
      MESSAGING_QUIET_HOURS: 'off',
      MESSAGING_RATE_SMS: '0',
      MESSAGING_RATE_EMAIL: '0',
    });
    app = await bootAdopter();
    // The app keeps Strapi's default e-mail provider (sendmail); in the test no mail leaves the machine.
    app.strapi.plugin('email').service('email').send = async (options: unknown) => {
      mails.push(options);
    };
    await messaging()
      .service('settings')
      .update('default', { smsEnabled: true, practiceName: 'Praxis am Markt' });
  });
  afterAll(async () => {
    await app?.stop();
    restoreEnv?.();
    await twilio?.stop();
  });

  it('runs the plugin npm installed into the app’s node_modules, not this repository’s sources', () => {
    const enabled = app.strapi.config.get('enabledPlugins') as Record<
      string,
      { pathToPlugin: string }
    >;
    expect(fs.realpathSync(enabled.messaging.pathToPlugin)).toBe(fs.realpathSync(pluginDir));
    expect(fs.lstatSync(pluginDir).isSymbolicLink()).toBe(false); // unpacked from the tarball, not linked
  });

  it('a patient and a termin saved as a draft: nobody is notified', async () => {
    const patient = await app.strapi.documents(PATIENT).create({
      data: {
        vorname: 'Anna',
        nachname: 'Schneider',
        anrede: 'Frau',
        handy: '0171 2345678',
        email: 'anna@example.org',
        smsErlaubt: true,
        emailErlaubt: false,
      } as any,
    });
    const draft = await app.strapi.documents(TERMIN).create({
      data: { ...slot(4), zustand: 'geplant', ort: 'Raum 2', patient: patient.documentId } as any,
    });
    termin = draft.documentId;
    expect((draft as any).publishedAt).toBeNull();
    await planAndSend();
    expect(await outboxRows()).toEqual([]);
    expect(twilio.messages).toHaveLength(0);
  });

  it('publishing the termin sends one confirmation by SMS', async () => {
    await app.strapi.documents(TERMIN).publish({ documentId: termin });
    await planAndSend();
    expect(twilio.messages).toHaveLength(1);
    const [sms] = twilio.messages;
    expect(sms.to).toBe('+491712345678');
    expect(sms.body).toMatch(/Frau Schneider.*bestätigt.*Praxis am Markt/s);
    const rows = await outboxRows();
    expect(
      rows
        .filter((row) => row.channel === 'sms' && row.kind === 'confirmation')
        .map((row) => row.status)
    ).toEqual(['sent']);
  });

  it('records Twilio’s delivery report through the app’s webhook route', async () => {
    const [sms] = twilio.messages;
    const callback = twilio.statusCallback(sms.sid, 'delivered');
    const response = await request(app.strapi.server.httpServer)
      .post(callback.path)
      .type('form')
      .set('X-Twilio-Signature', callback.signature)
      .send(callback.params);
    expect(response.status).toBeLessThan(300);
    const [row] = (await outboxRows()).filter((r) => r.providerMessageId === sms.sid);
    expect(row.status).toBe('delivered');
  });

  it('moving the termin changes nothing until it is published, then one change notice', async () => {
    await app.strapi.documents(TERMIN).update({ documentId: termin, data: slot(6) as any });
    await planAndSend();
    expect(twilio.messages).toHaveLength(1);
    await app.strapi.documents(TERMIN).publish({ documentId: termin });
    await planAndSend();
    expect(twilio.messages).toHaveLength(2);
    expect(twilio.messages[1].body).toContain('verlegt');
  });

  it('cancelling it (zustand "abgesagt") and publishing sends one cancellation', async () => {
    await app.strapi
      .documents(TERMIN)
      .update({ documentId: termin, data: { zustand: 'abgesagt' } as any });
    await planAndSend();
    expect(twilio.messages).toHaveLength(2);
    await app.strapi.documents(TERMIN).publish({ documentId: termin });
    await planAndSend();
    expect(twilio.messages).toHaveLength(3);
    expect(twilio.messages[2].body).toContain('ausfallen');
    // all three to the patient's number; the reminder planned for the day before was cancelled with the termin
    expect(new Set(twilio.messages.map((m) => m.to))).toEqual(new Set(['+491712345678']));
    expect(
      (await outboxRows()).filter((row) => row.kind === 'reminder' && row.status === 'queued')
    ).toEqual([]);
  });
  it('a patient of Standort "sued" (a text field the app maps as the practice) gets that practice’s sender and name, billed to it', async () => {
    await messaging().service('settings').update('sued', {
      smsEnabled: true,
      practiceName: 'Praxis am Markt – Süd',
      smsSenderId: 'MarktSued',
    });
    const patient = await app.strapi.documents(PATIENT).create({
      data: {
        vorname: 'Jonas',
        nachname: 'Weber',
        anrede: 'Herr',
        handy: '0171 7654321',
        smsErlaubt: true,
        standort: 'sued',
      } as any,
    });
    // the termin names no Standort: it is the patient's
    const draft = await app.strapi.documents(TERMIN).create({
      data: { ...slot(5), zustand: 'geplant', ort: 'Raum 1', patient: patient.documentId } as any,
    });
    await app.strapi.documents(TERMIN).publish({ documentId: draft.documentId });
    await planAndSend();
    const sms = twilio.messages.find((message) => message.to === '+491717654321');
    expect(sms).toMatchObject({ from: 'MarktSued' });
    expect(sms!.body).toMatch(/Herr Weber.*bestätigt.*Praxis am Markt – Süd/s);
    const [row] = (await app.strapi.db.query('plugin::messaging.message' as never).findMany({
      where: { appointmentDocumentId: draft.documentId, channel: 'sms', kind: 'confirmation' },
    })) as any[];
    expect(row).toMatchObject({ practice: 'sued', status: 'sent' });
    // the main practice's log does not list it; Süd's does
    const logOf = async (practice: string) =>
      (await messaging().service('messages').list(practice, { pageSize: '100' })).data.map(
        (message: any) => message.recipient
      );
    expect(await logOf('sued')).toContain('+491717654321');
    expect(await logOf('default')).not.toContain('+491717654321');
  });
});
