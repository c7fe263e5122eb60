import request from 'supertest';
import { tick, enableChannels, planNotices } from '../helpers/messaging';
import { bootWithFakes, type FakedPlayground } from '../helpers/with-fakes';

const APPOINTMENT = 'api::appointment.appointment';
const SLIP = 'plugin::messaging.slip';
const slipCount = (app: FakedPlayground['app']) => app.strapi.db.query(SLIP as never).count({});

describe('express appointment slips', () => {
  let faked: FakedPlayground;
  const slipsOf = async (appointmentId: string) => {
    await planNotices(faked.app); // slips are issued by the planner, after the save
    return faked.app.strapi.db.query(SLIP as never).findMany({
      where: { appointmentDocumentId: appointmentId },
      orderBy: { id: 'asc' },
    }) as Promise<any[]>;
  };
  const book = async (startIso: string, extra: Record<string, unknown> = {}) => {
    const client = await faked.app.strapi.documents('api::client.client').create({
      data: {
        recordNumber: `S-${Math.random().toString(36).slice(2, 8)}`,
        salutation: 'Herr',
        firstName: 'Jörg',
        lastName: 'Schäfer',
        mobile: '0171 2345678',
        language: 'de',
      } as any,
    });
    return faked.app.strapi.documents(APPOINTMENT).create({
      data: {
        start: startIso,
        end: new Date(new Date(startIso).getTime() + 50 * 60_000).toISOString(),
        client: client.documentId,
        location: 'Praxisraum 1 <b>',
        ...extra,
      } as any,
    });
  };

  beforeAll(async () => {
    faked = await bootWithFakes({
      MESSAGING_QUIET_HOURS: 'off',
      MESSAGING_PUBLIC_URL: 'https://p.example',
    });
    await enableChannels(faked.app, faked.token, { smsEnabled: true });
    await request(faked.app.http)
      .put('/messaging/settings')
      .set(faked.auth())
      .send({ practiceName: 'Praxis Lindenblatt', practicePhone: '030 1234567' })
      .expect(200);
  });
  afterAll(async () => faked?.stop());

  it('issues a short code with the appointment and shows the slip page without client data', async () => {
    const booked = await book('2027-01-12T13:30:00.000Z');
    const [slip] = await slipsOf(booked.documentId);
    expect(slip.code).toMatch(/^[A-Za-z0-9]{8}$/);
    expect(`https://p.example/s/${slip.code}`.length).toBeLessThanOrEqual(30);
    const page = await request(faked.app.http).get(`/s/${slip.code}`).expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('Dienstag, 12.1.');
    expect(page.text).toContain('14:30–15:20');
    expect(page.text).toContain('50 Minuten');
    expect(page.text).toContain('Praxisraum 1 &lt;b&gt;');
    expect(page.text).toContain('030 1234567');
    expect(page.text).not.toContain('Schäfer');
    expect(page.text).not.toContain('2345678');
    const ics = await request(faked.app.http).get(`/s/${slip.code}.ics`).expect(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.text).toContain('DTSTART:20270112T133000Z');
  });

  it('does not issue a slip when the panel is read: the planner does, and the panel shows it then', async () => {
    const before = await slipCount(faked.app);
    const booked = await book('2027-01-14T09:00:00.000Z');
    const read = async () =>
      (
        await request(faked.app.http)
          .get(`/messaging/appointments/${booked.documentId}/panel`)
          .set(faked.auth())
          .expect(200)
      ).body.data;
    const unplanned = await read();
    await read();
    expect(await slipCount(faked.app)).toBe(before);
    expect(unplanned.drafts.slip).toEqual({});
    await planNotices(faked.app);
    const [slip] = await slipsOf(booked.documentId);
    expect((await read()).drafts.slip.sms).toContain(`https://p.example/s/${slip.code}`);
    expect(await slipCount(faked.app)).toBe(before + 1);
  });

  it('puts the slip link into {{slipLink}} of a slip message', async () => {
    const booked = await book('2027-01-13T09:00:00.000Z');
    const [slip] = await slipsOf(booked.documentId);
    const panel = (
      await request(faked.app.http)
        .get(`/messaging/appointments/${booked.documentId}/panel`)
        .set(faked.auth())
        .expect(200)
    ).body.data;
    expect(panel.drafts.slip.sms).toContain(`https://p.example/s/${slip.code}`);
    const sent = await request(faked.app.http)
      .post('/messaging/messages')
      .set(faked.auth())
      .send({
        channel: 'sms',
        appointmentId: booked.documentId,
        kind: 'slip',
        body: panel.drafts.slip.sms,
      })
      .expect(201);
    expect(sent.body.data.segments).toBe(1);
    await tick(faked.app);
    expect(faked.twilio.messages.at(-1)!.body).toContain(`/s/${slip.code}`);
  });

  it('gives a moved appointment a new link; the old one says it was moved', async () => {
    const booked = await book('2027-01-14T09:00:00.000Z');
    const [old] = await slipsOf(booked.documentId);
    await faked.app.strapi.documents(APPOINTMENT).update({
      documentId: booked.documentId,
      data: { start: '2027-01-15T09:00:00.000Z', end: '2027-01-15T09:50:00.000Z' } as any,
    });
    const slips = await slipsOf(booked.documentId);
    expect(slips.map((s) => s.state)).toEqual(['moved', 'active']);
    const oldPage = await request(faked.app.http).get(`/s/${old.code}`).expect(200);
    expect(oldPage.text).toContain('Dieser Termin wurde verschoben');
    await request(faked.app.http).get(`/s/${old.code}.ics`).expect(404);
    const newPage = await request(faked.app.http).get(`/s/${slips[1].code}`).expect(200);
    expect(newPage.text).toContain('Freitag, 15.1.');
  });

  it('says a cancelled appointment is cancelled', async () => {
    const booked = await book('2027-01-18T09:00:00.000Z');
    const [slip] = await slipsOf(booked.documentId);
    await faked.app.strapi
      .documents(APPOINTMENT)
      .update({ documentId: booked.documentId, data: { state: 'cancelled' } as any });
    const page = await request(faked.app.http).get(`/s/${slip.code}`).expect(200);
    expect(page.text).toContain('Dieser Termin wurde abgesagt');
  });

  it('answers unknown, malformed and expired codes alike', async () => {
    const booked = await book('2027-01-19T09:00:00.000Z');
    const [slip] = await slipsOf(booked.documentId);
    await faked.app.strapi.db
      .query(SLIP as never)
      .update({ where: { id: slip.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await request(faked.app.http).get(`/s/${slip.code}`);
    const unknown = await request(faked.app.http).get('/s/ZZZZZZZZ');
    const malformed = await request(faked.app.http).get('/s/abc');
    // not even a code: before, these got Strapi's JSON 404 instead of the page's
    const odd = await Promise.all(
      ['/s/ab-cd!', '/s/%00', '/s/', `/s/${'A'.repeat(80)}.ics`].map((url) =>
        request(faked.app.http).get(url)
      )
    );
    for (const response of [expired, unknown, malformed, ...odd]) {
      expect(response.status).toBe(404);
      expect(response.text).toBe('Nicht gefunden oder abgelaufen / Not found or expired');
    }
  });

  it('shows a javascript: online link as text, never as a link, and an https one as a link', async () => {
    const evil = await book('2027-01-20T09:00:00.000Z', {
      mode: 'online',
      onlineLink: 'javascript:alert(document.cookie)',
    });
    const good = await book('2027-01-21T09:00:00.000Z', {
      mode: 'online',
      onlineLink: 'https://meet.example.org/praxis',
    });
    const [evilSlip] = await slipsOf(evil.documentId);
    const [goodSlip] = await slipsOf(good.documentId);
    const evilPage = (await request(faked.app.http).get(`/s/${evilSlip.code}`).expect(200)).text;
    expect(evilPage).toContain('javascript:alert(document.cookie)');
    expect(evilPage).not.toMatch(/href="javascript:/i);
    const goodPage = (await request(faked.app.http).get(`/s/${goodSlip.code}`).expect(200)).text;
    expect(goodPage).toContain(
      '<a href="https://meet.example.org/praxis" rel="noopener noreferrer">'
    );
  });

  it('answers a malformed download token with the download page’s own 404', async () => {
    for (const url of ['/d/not-a-token!', '/d/%00', `/d/${'a'.repeat(80)}`]) {
      const response = await request(faked.app.http).get(url);
      expect(response.status).toBe(404);
      expect(response.type).toBe('text/html');
      expect(response.text).toContain('<!doctype html>');
    }
  });

  it('rate-limits the public page per address', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 40; n += 1)
      statuses.push((await request(faked.app.http).get('/s/AAAAAAAA')).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.slice(0, 5).every((s) => s === 404)).toBe(true);
  });
});
