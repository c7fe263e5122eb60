import { openAdmin, type AdminSession } from './helpers/browser';

describe('the notice switches of a client record (custom field in the Content Manager) in Chromium', () => {
  let session: AdminSession;
  beforeAll(async () => {
    session = await openAdmin();
  });
  afterAll(async () => session?.close());

  it('turns SMS reminders off, sets reminder times, saves, and finds them again after a reload', async () => {
    const { page, url } = session;
    await page.goto(`${url}/admin/content-manager/collection-types/api::client.client`);
    const firstRow = page.getByRole('row').nth(1);
    await firstRow.waitFor();
    await firstRow.getByRole('gridcell').nth(1).click();
    await page.waitForURL(/api::client\.client\/[a-z0-9]+/);
    const editor = page.getByTestId('notice-switches');
    await editor.waitFor();
    await session.screenshot('cm-client-notice-switches-before');

    // Seeded clients carry their record type's defaults; start from the plugin's if one has none.
    const customise = editor.getByRole('button', { name: 'Set for this client' });
    if (await customise.isVisible()) await customise.click();
    const reminderSms = editor.getByRole('checkbox', { name: 'Reminder SMS' });
    const wasOn = (await reminderSms.getAttribute('aria-checked')) === 'true';
    await reminderSms.click();
    expect(await reminderSms.getAttribute('aria-checked')).toBe(wasOn ? 'false' : 'true');

    const offsets = editor.getByRole('textbox');
    await offsets.fill('0, 24');
    await editor.getByText('Please give whole hours from 1 to 336.').waitFor();
    await session.screenshot('cm-client-notice-switches-error');
    await offsets.fill('48, 24');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/Saved/).first().waitFor();

    await page.reload();
    await editor.waitFor();
    expect(
      await editor.getByRole('checkbox', { name: 'Reminder SMS' }).getAttribute('aria-checked')
    ).toBe(wasOn ? 'false' : 'true');
    expect(await editor.getByRole('textbox').inputValue()).toBe('48, 24');
    await session.screenshot('cm-client-notice-switches-after');
  });
});

describe('a refused save of the notice switches, in German', () => {
  let session: AdminSession;
  beforeAll(async () => {
    session = await openAdmin({ language: 'de' });
  });
  afterAll(async () => session?.close());

  it('keeps the ticked box and the typed times, and names the problem in German at the field', async () => {
    const { page, url } = session;
    await page.goto(`${url}/admin/content-manager/collection-types/api::client.client`);
    const row = page.getByRole('row').nth(2);
    await row.waitFor();
    await row.getByRole('gridcell').nth(1).click();
    await page.waitForURL(/api::client\.client\/[a-z0-9]+/);
    const editor = page.getByTestId('notice-switches');
    await editor.waitFor();
    const customise = editor.getByRole('button', { name: 'Für diese Akte festlegen' });
    if (await customise.isVisible()) await customise.click();
    const cancellationEmail = editor.getByRole('checkbox', { name: 'Absage E-Mail' });
    const wasOn = (await cancellationEmail.getAttribute('aria-checked')) === 'true';
    await cancellationEmail.click();
    const offsets = editor.getByRole('textbox');
    await offsets.fill('0, 24');
    await editor.getByText('Bitte ganze Stunden von 1 bis 336 angeben.').waitFor();

    await page.getByRole('button', { name: 'Speichern' }).click();
    // the Content Manager refuses before sending, or the server answers 400: either way nothing is lost
    await editor.getByText('Bitte ganze Stunden von 1 bis 336 angeben.').waitFor();
    await page.waitForTimeout(1500);
    expect(await cancellationEmail.getAttribute('aria-checked')).toBe(wasOn ? 'false' : 'true');
    expect(await offsets.inputValue()).toBe('0, 24');
    expect(await editor.innerText()).not.toMatch(/must be|whole number/);
    await session.screenshot('cm-client-notice-switches-refused-de');

    // fixing the time saves everything, the tick included
    await offsets.fill('48, 24');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page
      .getByText(/Gespeichert/)
      .first()
      .waitFor();
    await page.reload();
    await editor.waitFor();
    expect(
      await editor.getByRole('checkbox', { name: 'Absage E-Mail' }).getAttribute('aria-checked')
    ).toBe(wasOn ? 'false' : 'true');
    expect(await editor.getByRole('textbox').inputValue()).toBe('48, 24');
  });
});
