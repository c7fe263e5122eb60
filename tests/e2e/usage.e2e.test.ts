import fs from 'fs';
import { openAdmin, screenshotTall, type AdminSession } from './helpers/browser';

/**
 * The usage page on the demo data: the seed leaves a year of SMS and
 * Threema usage, charged and invoiced by the plugin's billing pass (11
 * regular invoices, this month's sends uninvoiced).
 */
describe('usage and costs in Chromium', () => {
  let session: AdminSession;
  beforeAll(async () => {
    session = await openAdmin();
  });
  afterAll(async () => session?.close());

  it('takes a monthly budget in euros on the settings page and refuses an amount it cannot read', async () => {
    const { page, url } = session;
    await page.goto(`${url}/admin/settings/messaging`);
    await page.getByRole('heading', { name: 'Messaging settings' }).waitFor();
    const budget = page.getByLabel('Monthly budget (EUR)');
    await budget.fill('zehn Euro');
    await page.getByText('Enter an amount in euros, e.g. 50 or 12,50').waitFor();
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);

    // This month's seeded sends alone cost 1.00 EUR (15 SMS segments, 5 free): the budget is reached.
    await budget.fill('1,00');
    await page.getByLabel('Budget warning by e-mail to').fill('buero@praxis.test');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved').waitFor();
    await page.reload();
    await page.getByLabel('Monthly budget (EUR)').waitFor();
    expect(await page.getByLabel('Monthly budget (EUR)').inputValue()).toBe('1,00');
    await page.getByLabel('Monthly budget (EUR)').scrollIntoViewIfNeeded();
    await session.screenshot('admin-settings-costs');
  });

  it('shows this month, the threshold, a 12-month chart per channel and the invoices with their CSV', async () => {
    const { page, url } = session;
    await page.goto(`${url}/admin/plugins/messaging`);
    // the home page tells staff about the budget too, with a link to the page
    await page.getByTestId('home-budget-alert').getByText('Monthly budget reached').waitFor();
    await session.screenshot('admin-home-budget');
    await page
      .getByTestId('home-budget-alert')
      .getByRole('link', { name: 'Usage and costs' })
      .click();
    await page.getByRole('heading', { name: 'Usage and costs' }).waitFor();

    // this month per channel
    const sms = page.getByTestId('month-sms');
    expect(await sms.innerText()).toMatch(/5 of 5 free/);
    expect(await page.getByTestId('month-threema').innerText()).toMatch(/\d+ messages?/);
    await page.getByTestId('budget-alert').getByText('Monthly budget reached').waitFor();
    expect(
      Number(await page.getByTestId('threshold-bar').getAttribute('data-share'))
    ).toBeGreaterThan(0);

    // the chart: 12 months x 2 channels, drawn with a height where there was usage
    const chart = page.getByTestId('usage-chart');
    await chart.waitFor();
    const bars = chart.locator('rect[data-testid^="bar-"]');
    expect(await bars.count()).toBe(24);
    const values = await bars.evaluateAll(
      (nodes: { getAttribute(name: string): string | null }[]) =>
        nodes.map((node) => [
          Number(node.getAttribute('data-value')),
          Number(node.getAttribute('height')),
        ])
    );
    expect(values.every(([value, height]) => (value > 0 ? height > 0 : height === 0))).toBe(true);
    expect(values.filter(([value]) => value > 0).length).toBeGreaterThanOrEqual(20);
    const tallest = Math.max(...values.map(([, height]) => height));
    expect(tallest).toBeGreaterThan(100);
    await page.getByRole('button', { name: 'Amount' }).click();
    await page.locator('[data-testid="usage-chart"][data-measure="amount"]').waitFor();
    await page.getByRole('button', { name: 'Units' }).click();

    // invoices: the seeded year's regular invoices, newest first
    const rows = page.locator('tr[data-testid^="invoice-MSG-"]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(11);
    expect(await rows.first().innerText()).toMatch(/Regular/i);
    await screenshotTall(session, 'admin-usage');

    const number = (await rows.first().getAttribute('data-testid'))!.replace('invoice-', '');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      rows.first().getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${number}.csv`);
    const csv = fs
      .readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\r\n');
    expect(csv[0]).toMatch(/^invoice,kind,practice,issued_at/);
    expect(csv.map((row) => row.split(',')[6])).toEqual(['channel', 'sms', 'threema', 'total']);
    expect(csv.slice(1).every((row) => row.startsWith(`${number},regular,default,`))).toBe(true);
  });

  it('leaves the budget empty again', async () => {
    const { page, url } = session;
    await page.goto(`${url}/admin/settings/messaging`);
    await page.getByLabel('Monthly budget (EUR)').fill('');
    await page.getByLabel('Budget warning by e-mail to').fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved').waitFor();
  });
});
