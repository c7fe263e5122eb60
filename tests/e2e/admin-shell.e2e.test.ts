import { openAdmin, type AdminSession } from './helpers/browser';

describe('admin shell in Chromium', () => {
  let session: AdminSession;
  beforeAll(async () => {
    session = await openAdmin();
  });
  afterAll(async () => session?.close());

  it('shows the Messaging menu entry and opens the plugin home page with channel status', async () => {
    const { page } = session;
    const menuEntry = page.getByRole('link', { name: 'Messaging' }).first();
    await menuEntry.waitFor();
    await menuEntry.click();
    await page.waitForURL(/\/admin\/plugins\/messaging/);
    await page.getByRole('heading', { name: 'Messaging', level: 1 }).waitFor();

    await page.getByTestId('channel-sms').waitFor();
    expect(['Off', 'Allowed']).toContain(
      await page.getByTestId('channel-sms-enabled').textContent()
    );
    // SMS go through the real Twilio SDK to the fake Twilio of the tests; Threema is a dry run here.
    expect(await page.getByTestId('channel-sms-dry-run').count()).toBe(0);
    expect(await page.getByTestId('channel-threema-dry-run').textContent()).toContain('Dry run');
    expect(await page.getByTestId('channel-email-enabled').textContent()).toBe('Allowed');
    await page
      .getByTestId('unreachable')
      .getByRole('heading', { name: 'Clients no automatic notice reaches' })
      .waitFor();
    await session.screenshot('admin-messaging-home');
  });

  it('switches SMS in the settings and the home page follows', async () => {
    const { page } = session;
    const before = await page.getByTestId('channel-sms-enabled').textContent();
    // The plugin's own button in the header, not the main menu's Settings.
    await page.getByRole('main').getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(/\/admin\/settings\/messaging/);
    await page.getByRole('heading', { name: 'Messaging settings' }).waitFor();
    const smsSwitch = page.getByRole('checkbox', { name: 'Allow SMS (billed extra)' });
    await smsSwitch.click({ force: true });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved').waitFor();
    await session.screenshot('admin-messaging-settings');

    await page.goto(`${session.url}/admin/plugins/messaging`);
    await page.getByTestId('channel-sms').waitFor();
    expect(await page.getByTestId('channel-sms-enabled').textContent()).toBe(
      before === 'Off' ? 'Allowed' : 'Off'
    );
  });
});
