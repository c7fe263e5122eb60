/**
 * Many practices (issue 18) in Chromium, in German: a staff user of Praxis
 * Lindenblatt sees only Lindenblatt's send log; a user of both practices
 * switches between them, and the log follows. The seed's staff
 * (scripts/seed/data.js STAFF) sign in with the e2e password.
 */
import { adminToken, dialogShown, openAdmin, type AdminSession } from './helpers/browser';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { state } = require('./helpers/server');

const ONE_PRACTICE = 'lena@lindenblatt.example';
const BOTH_PRACTICES = 'mara@praxen.example';

/** The recipients in a practice's log (its latest 100 messages), read through the API as a user of both. */
async function recipientsOf(practice: string): Promise<string[]> {
  const { url, admin } = state();
  const login = await fetch(`${url}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: BOTH_PRACTICES, password: admin.password }),
  });
  const token = ((await login.json()) as any).data.token;
  const log = await fetch(`${url}/messaging/messages?practice=${practice}&pageSize=100`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const rows = ((await log.json()) as any).data as { recipient: string }[];
  return rows.map((row) => row.recipient).filter(Boolean);
}

/** A plugin route as the user of both practices (or, `operator`, the super admin). */
async function asBoth(path: string, operator?: { method: string; body: unknown }): Promise<any> {
  const { url, admin } = state();
  const login = await fetch(`${url}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      email: operator ? admin.email : BOTH_PRACTICES,
      password: admin.password,
    }),
  });
  const token = ((await login.json()) as any).data.token;
  return (
    await fetch(`${url}${path}`, {
      method: operator?.method ?? 'GET',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: operator ? JSON.stringify(operator.body) : undefined,
    })
  ).json();
}
const priceAmSee = (smsTenthCents: number | null) =>
  asBoth('/messaging/operator/prices?practice=am-see', {
    method: 'PUT',
    body: { smsTenthCents },
  });

/** A recipient of one practice that the other practice's log does not have (the seed's names repeat). */
const onlyIn = (ours: string[], theirs: string[]) => {
  const recipient = ours.find((candidate) => !theirs.includes(candidate));
  if (!recipient) throw new Error('no recipient of one practice alone in the seeded logs');
  return recipient;
};

describe('many practices in the admin (German)', () => {
  let sessions: AdminSession[] = [];
  let ofLindenblatt: string;
  let ofAmSee: string;
  beforeAll(async () => {
    const lindenblatt = await recipientsOf('default');
    const amSee = await recipientsOf('am-see');
    ofLindenblatt = onlyIn(lindenblatt, amSee);
    ofAmSee = onlyIn(amSee, lindenblatt);
  });
  afterAll(async () => {
    await Promise.all(sessions.map((session) => session.close()));
    sessions = [];
  });

  const openAs = async (email: string) => {
    const session = await openAdmin({
      language: 'de',
      user: { email, password: state().admin.password },
    });
    sessions.push(session);
    await session.page.goto(`${session.url}/admin/plugins/messaging/log`);
    await session.page.getByRole('heading', { name: 'Versandprotokoll' }).waitFor();
    return session;
  };
  const search = async (session: AdminSession, text: string) => {
    await session.page.getByLabel('Empfängy oder Text suchen').fill(text);
  };
  const rowOf = (session: AdminSession, recipient: string) =>
    session.page.getByTestId('log-row').filter({ hasText: recipient });

  it('shows a staff user of one practice that practice only, without a choice', async () => {
    const session = await openAs(ONE_PRACTICE);
    const { page } = session;
    await page.getByTestId('acting-practice').getByText('Praxis: Praxis Lindenblatt').waitFor();
    expect(await page.getByTestId('practice-switcher').getByRole('combobox').count()).toBe(0);

    await search(session, ofLindenblatt);
    await rowOf(session, ofLindenblatt).first().waitFor();
    await session.screenshot('practices-one-practice-log-de');

    await search(session, ofAmSee);
    await page.getByText('Keine Nachrichten zu diesen Filtern.').waitFor();
    expect(await rowOf(session, ofAmSee).count()).toBe(0);

    // a practice's staff neither see every practice's usage nor set prices
    await page.goto(`${session.url}/admin/plugins/messaging`);
    await page.getByRole('link', { name: 'Versandprotokoll' }).waitFor();
    expect(await page.getByRole('link', { name: 'Alle Praxen' }).count()).toBe(0);
  });

  it('lets a user of both practices switch, and the log follows the practice', async () => {
    const session = await openAs(BOTH_PRACTICES);
    const { page } = session;
    const switcher = page.getByTestId('practice-switcher');
    await switcher.getByText('Du handelst für').waitFor();
    await switcher.getByText('Alles auf diesen Seiten gehört zu Praxis Lindenblatt.').waitFor();

    await search(session, ofAmSee);
    await page.getByText('Keine Nachrichten zu diesen Filtern.').waitFor();

    await switcher.getByRole('combobox', { name: 'Du handelst für' }).click();
    await page.getByRole('option', { name: 'Praxis am See' }).click();
    await switcher.getByText('Alles auf diesen Seiten gehört zu Praxis am See.').waitFor();
    await rowOf(session, ofAmSee).first().waitFor();
    await session.screenshot('practices-switched-to-am-see-de');

    // the choice is kept: the home page acts for am See too, after a reload
    await page.goto(`${session.url}/admin/plugins/messaging`);
    await switcher.getByText('Alles auf diesen Seiten gehört zu Praxis am See.').waitFor();
    await session.screenshot('practices-home-am-see-de');

    await page.goto(`${session.url}/admin/plugins/messaging/log`);
    await search(session, ofLindenblatt);
    await page.getByText('Keine Nachrichten zu diesen Filtern.').waitFor();
    expect(await rowOf(session, ofLindenblatt).count()).toBe(0);
  });

  it('shows a user of both practices the panel of an am-See appointment while acting for Lindenblatt, and sends from it for am See', async () => {
    // an appointment whose client gets SMS from am See (its reminders): SMS reaches them
    const confirmations = (
      await asBoth('/messaging/messages?practice=am-see&channel=sms&pageSize=100')
    ).data as { appointmentId: string | null; status: string }[];
    const appointmentId = confirmations.find(
      (row) => row.appointmentId && ['queued', 'sent', 'delivered'].includes(row.status)
    )!.appointmentId!;
    // am See pays its own SMS price: the panel's counter must show it, not Lindenblatt's
    expect((await priceAmSee(80)).data.unitPriceTenthCents.sms).toBe(80);
    const session = await openAs(BOTH_PRACTICES);
    const { page } = session;
    await page
      .getByTestId('practice-switcher')
      .getByText('Alles auf diesen Seiten gehört zu Praxis Lindenblatt.')
      .waitFor();
    await page.goto(
      `${session.url}/admin/content-manager/collection-types/api::appointment.appointment/${appointmentId}`
    );
    const panel = page.getByTestId('appointment-panel');
    await panel.waitFor();
    await page.getByTestId('panel-log').waitFor();
    // the staff role sees the appointment's own fields (only the practice entry itself is not theirs to read)
    await page.getByRole('textbox', { name: 'location' }).waitFor();
    expect(
      await page.getByText('Keine Berechtigung dieses Feld zu sehen').count()
    ).toBeLessThanOrEqual(1);
    await session.screenshot('practices-other-practice-panel-de');

    const text = `Von Mara für am See ${Date.now()}`;
    await panel.getByRole('button', { name: 'Nachricht senden' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Art' }).click();
    await page.getByRole('option', { name: 'Freier Text' }).click();
    await dialog.getByRole('combobox', { name: 'Kanal' }).click();
    await page.getByRole('option', { name: /^SMS · / }).click();
    await dialog.getByRole('textbox').last().fill(text);
    // the counter prices the SMS at am See's price
    await dialog.getByTestId('counter-cost').getByText('8 Cent pro Nachricht').waitFor();
    await dialogShown(page);
    await session.screenshot('practices-other-practice-compose-de');
    await dialog.getByRole('button', { name: 'Senden', exact: true }).click();
    await page.getByText('Nachricht eingeplant').waitFor();
    // queued for am See, where the appointment is; Lindenblatt's log does not have it
    const found = async (practice: string) =>
      (await asBoth(`/messaging/messages?practice=${practice}&q=${encodeURIComponent(text)}`)).data
        .length;
    expect(await found('am-see')).toBe(1);
    expect(await found('default')).toBe(0);
    const [queued] = (
      await asBoth(`/messaging/messages?practice=am-see&q=${encodeURIComponent(text)}`)
    ).data;
    expect(queued.costCents).toBe(8);
    await priceAmSee(null);

    // the panel's link to the whole log opens am See's log: the switcher follows the record
    await page.getByTestId('panel-log-link').click();
    await page
      .getByTestId('practice-switcher')
      .getByText('Alles auf diesen Seiten gehört zu Praxis am See.')
      .waitFor();
    // the message sent from the panel, at am See's price when it was queued
    const manual = page.getByTestId('log-row').filter({ hasText: 'Manuell' }).first();
    await manual.waitFor();
    expect(await manual.innerText()).toMatch(/\b8 ct\b/);
    await session.screenshot('practices-panel-log-am-see-de');
  });

  it('shows the operator every practice’s month and the billing run, and downloads it as CSV', async () => {
    const session = await openAdmin({ language: 'de' });
    sessions.push(session);
    const { page, url } = session;
    await page.goto(`${url}/admin/plugins/messaging`);
    await page.getByRole('link', { name: 'Alle Praxen' }).click();
    await page.getByRole('heading', { name: 'Alle Praxen', level: 1 }).waitFor();
    const lindenblatt = page.getByTestId('operator-practice-default');
    await lindenblatt.waitFor();
    expect(await lindenblatt.innerText()).toContain('Praxis Lindenblatt');
    expect(await page.getByTestId('operator-practice-am-see').innerText()).toContain(
      'Praxis am See'
    );
    // the seeded year of usage: last month's invoice of Lindenblatt was issued this month
    const invoices = page.locator('[data-testid^="operator-invoice-"]');
    await invoices.first().waitFor();
    expect(await invoices.first().innerText()).toContain('Praxis Lindenblatt');
    // a page across practices shows no acting practice
    expect(await page.getByTestId('practice-switcher').count()).toBe(0);
    await session.screenshot('operator-all-practices-de');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Abrechnungslauf als CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^billing-run-\d{4}-\d{2}\.csv$/);
    const fs = await import('fs');
    const csv = fs
      .readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\r\n');
    expect(csv[0]).toMatch(/^month,practice,practice_name,channel,invoices,/);
    expect(csv.filter((line) => line.includes(',default,Praxis Lindenblatt,'))).toHaveLength(2);

    // the operator prices one practice: the row shows the new prices, the other keeps the standard
    const price = (practice: string, channel: string) =>
      page.getByTestId(`operator-price-${practice}-${channel}`).textContent();
    expect(await price('am-see', 'sms')).toBe('SMS 10 ct');
    expect(await price('am-see', 'threema')).toBe(' · Threema 1,5 ct');
    await page.getByTestId('operator-edit-prices-am-see').click();
    const dialog = page.getByTestId('prices-dialog');
    await dialog.waitFor();
    const sms = page.getByLabel('SMS je Segment (ct)');
    await sms.fill('acht');
    await page.getByText('Bitte einen Preis in Cent von 0 bis 1000 angeben').waitFor();
    expect(await page.getByRole('button', { name: 'Preise speichern' }).isDisabled()).toBe(true);
    await sms.fill('8');
    await page.getByLabel('Threema je Nachricht (ct)').fill('1,2');
    await dialogShown(page);
    await session.screenshot('operator-prices-dialog-de');
    await page.getByRole('button', { name: 'Preise speichern' }).click();
    await page.getByText('Preise von Praxis am See gespeichert').waitFor();
    await page.waitForFunction(
      () =>
        (globalThis as any).document.querySelector('[data-testid="operator-price-am-see-sms"]')
          ?.textContent === 'SMS 8 ct'
    );
    expect(await price('am-see', 'threema')).toBe(' · Threema 1,2 ct');
    expect(await page.getByTestId('operator-practice-am-see').innerText()).toContain(
      'eigene Preise'
    );
    expect(await price('default', 'sms')).toBe('SMS 10 ct');
    await session.screenshot('operator-prices-saved-de');

    // what the page shows is what the server charges from now on
    const token = await adminToken(session);
    const overview = await session.context.request.get(`${url}/messaging/operator/usage`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const stored = (await overview.json()).data.practices.find(
      (p: { practice: string }) => p.practice === 'am-see'
    );
    expect(stored.unitPriceTenthCents).toEqual({ sms: 80, threema: 12 });

    // emptied: back to the standard prices
    await page.getByTestId('operator-edit-prices-am-see').click();
    await page.getByLabel('SMS je Segment (ct)').fill('');
    await page.getByLabel('Threema je Nachricht (ct)').fill('');
    await page.getByRole('button', { name: 'Preise speichern' }).click();
    await page.getByText('Preise von Praxis am See gespeichert').waitFor();
    await page.waitForFunction(
      () =>
        (globalThis as any).document.querySelector('[data-testid="operator-price-am-see-sms"]')
          ?.textContent === 'SMS 10 ct'
    );
    expect(await page.getByTestId('operator-practice-am-see').innerText()).not.toContain(
      'eigene Preise'
    );
  });
});
