/**
 * Many practices (issue 18) in Chromium, in German: a staff user of Praxis
 * Lindenblatt sees only Lindenblatt's send log; a user of both practices
 * switches between them, and the log follows. The seed's staff
 * (scripts/seed/data.js STAFF) sign in with the e2e password.
 */
import { openAdmin, type AdminSession } from './helpers/browser';

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
  });
});
