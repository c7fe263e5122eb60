import { ensureSmsAllowed, openAdmin, type AdminSession } from './helpers/browser';

describe('the Messages side panel on an appointment (Content Manager) in Chromium', () => {
  let session: AdminSession;
  beforeAll(async () => {
    session = await openAdmin();
  });
  afterAll(async () => session?.close());

  it('sends a confirmation by hand from the panel: the bubble follows the latest notice and turns to "notified" once it is out', async () => {
    const { page, url } = session;
    await ensureSmsAllowed(session);
    await page.goto(`${url}/admin/content-manager/collection-types/api::appointment.appointment`);
    const firstRow = page.getByRole('row').nth(1);
    await firstRow.waitFor();
    await firstRow.getByRole('gridcell').nth(1).click();
    await page.waitForURL(/api::appointment\.appointment\/[a-z0-9]+/);

    const panel = page.getByTestId('appointment-panel');
    await panel.waitFor();
    const indicator = page.getByTestId('notify-indicator');
    expect(['none', 'queued', 'sent', 'delivered', 'failed']).toContain(
      await indicator.getAttribute('data-indicator')
    );
    await session.screenshot('cm-appointment-panel-before');

    await panel.getByRole('button', { name: 'Send a message' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'Confirmation' }).click();
    const text = dialog.getByRole('textbox').last();
    await page.waitForFunction(() => {
      const g = globalThis as any;
      const areas = g.document.querySelectorAll('[role=dialog] textarea');
      return areas.length > 0 && areas[areas.length - 1].value.length > 20;
    });
    expect(await text.inputValue()).toMatch(/bestätigt|confirm/i);
    // SMS comes first where the client has a mobile number; the counter shows its cost.
    await dialog.getByTestId('counter-cost').waitFor();
    await session.screenshot('cm-appointment-compose');
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByText('Message queued').waitFor();

    // the panel refreshes every few seconds: first the confirmation shows in its log, then the bubble says notified
    await page
      .getByTestId('panel-log')
      .getByText(/Confirmation/)
      .first()
      .waitFor({ timeout: 30000 });
    // state and words read in one look: the panel refreshes, and a reminder the planner queues
    // meanwhile is the latest notice then (the seed's appointments lie relative to now)
    await page
      .locator('[data-testid="notify-indicator"][data-indicator="sent"]', {
        hasText: 'Client notified',
      })
      .waitFor({ timeout: 30000 });
    expect(await page.getByTestId('panel-log').innerText()).toMatch(/confirmation/i);
    await session.screenshot('cm-appointment-panel-after');

    // from the panel to the whole log of this appointment, which names and links the client
    const appointmentUrl = page.url();
    const appointmentId = /([a-z0-9]+)(\?.*)?$/.exec(appointmentUrl)![1];
    await page.getByTestId('panel-log-link').click();
    await page.waitForURL(new RegExp(`/plugins/messaging/log\\?appointment=${appointmentId}$`));
    await page.getByTestId('log-scope').getByText('Only this appointment · show all').waitFor();
    const rows = page.getByTestId('log-row');
    await rows.first().waitFor();
    const clientLink = rows.first().getByTestId('log-client-link');
    const clientName = await clientLink.innerText();
    expect(clientName).toMatch(/\S+ \S+/);
    expect(await rows.first().getByTestId('log-appointment-link').count()).toBe(1);
    await session.screenshot('log-filtered-appointment');
    await clientLink.click();
    await page.waitForURL(/api::client\.client\/[a-z0-9]+/);
    await page.getByTestId('client-panel').waitFor();
    // back to the appointment for the next test
    await page.goto(appointmentUrl);
    await page.getByTestId('appointment-panel').waitFor();
  });

  it('prefills an appointment slip message with its short link, and the link opens the slip page', async () => {
    const { page, url } = session;
    const panel = page.getByTestId('appointment-panel');
    await panel.getByRole('button', { name: 'Send a message' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'Appointment slip' }).click();
    await page.waitForFunction(() => {
      const g = globalThis as any;
      const areas = g.document.querySelectorAll('[role=dialog] textarea');
      return areas.length > 0 && /\/s\/[A-Za-z0-9]{8}/.test(areas[areas.length - 1].value);
    });
    const text = await dialog.getByRole('textbox').last().inputValue();
    expect(await dialog.getByTestId('counter-segments').innerText()).toBe('1 SMS');
    const code = /\/s\/([A-Za-z0-9]{8})/.exec(text)![1];
    await page.keyboard.press('Escape');

    await page.goto(`${url}/s/${code}`);
    await page.getByRole('heading', { name: /Terminzettel|Appointment slip/ }).waitFor();
    expect(await page.locator('dl').innerText()).toMatch(/\d{2}:\d{2}/);
    await session.screenshot('slip-page');
  });
});
