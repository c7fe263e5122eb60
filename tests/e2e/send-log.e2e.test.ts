import { openAdmin, type AdminSession } from './helpers/browser';

describe('test message and send log in Chromium', () => {
  let session: AdminSession;
  beforeAll(async () => {
    session = await openAdmin();
  });
  afterAll(async () => session?.close());

  it('queues a test SMS from the settings page, refusing a landline first', async () => {
    const { page, url } = session;
    await page.goto(`${url}/admin/settings/messaging`);
    await page.getByRole('heading', { name: 'Messaging settings' }).waitFor();
    const sms = page.getByRole('checkbox', { name: 'Allow SMS (billed extra)' });
    if (!(await sms.isChecked())) {
      await sms.click({ force: true });
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Settings saved').waitFor();
    }
    await page.getByTestId('limits').waitFor();

    const to = page.getByLabel('My number, Threema ID or e-mail');
    await to.fill('030 12345678');
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByText(/landline number; SMS needs a mobile number/).waitFor();

    await to.fill('0171 1234567');
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByText('Test message queued; see the send log').waitFor();
    await session.screenshot('admin-settings-test-message');
  });

  it('shows the message in the send log as sent, with its timeline', async () => {
    const { page, url } = session;
    await page.goto(`${url}/admin/plugins/messaging/log`);
    await page.getByRole('heading', { name: 'Send log' }).waitFor();
    const row = page.getByTestId('log-row').filter({ hasText: '+491711234567' }).first();
    await row.waitFor();
    // The dispatcher (dry run) sends within seconds; the log refreshes itself.
    await row.locator('[data-status="sent"]').waitFor({ timeout: 20000 });
    await session.screenshot('admin-send-log');

    await row.click();
    const detail = page.getByTestId('message-detail');
    await detail.waitFor();
    const timeline = await page.getByTestId('message-timeline').innerText();
    expect(timeline).toMatch(/queued/i);
    expect(timeline).toMatch(/sent/i);
    expect(await detail.innerText()).toContain('Testnachricht aus deiner Praxissoftware');
    // wait for the dialog's fade-in before the screenshot
    await page.waitForFunction(() => {
      const g = globalThis as any;
      const dialog = g.document.querySelector('[role=dialog]');
      return dialog && g.getComputedStyle(dialog).opacity === '1';
    });
    await session.screenshot('admin-send-log-detail');
  });

  it('filters the log by channel', async () => {
    const { page } = session;
    await page.keyboard.press('Escape');
    await page.getByRole('combobox', { name: 'Channel' }).click();
    await page.getByRole('option', { name: 'E-mail' }).click();
    // The seeded appointments' e-mail confirmations remain; the test SMS is filtered out.
    await page
      .getByTestId('log-row')
      .filter({ hasText: '+491711234567' })
      .waitFor({ state: 'detached' });
    const channels = await page.locator('[data-testid="log-row"] td:nth-child(3)').allInnerTexts();
    expect(channels.length).toBeGreaterThan(0);
    expect(new Set(channels)).toEqual(new Set(['E-mail']));
    await page.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'Test' }).click();
    await page.getByText('No messages match these filters.').waitFor();
    expect(await page.getByTestId('log-row').count()).toBe(0);
  });
});
