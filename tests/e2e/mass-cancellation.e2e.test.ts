import path from 'path';
import { DateTime } from 'luxon';
import {
  ARTIFACTS,
  dialogShown,
  ensureSmsAllowed,
  openAdmin,
  screenshotTall,
  skipGuidedTour,
  type AdminSession,
} from './helpers/browser';

/** The seed's practice time zone: the server checks days against today there. */
const day = (offset: number) =>
  DateTime.now().setZone('Europe/Berlin').plus({ days: offset }).toISODate()!;

describe('mass cancellation page in Chromium', () => {
  let session: AdminSession;
  beforeAll(async () => {
    session = await openAdmin();
  });
  afterAll(async () => session?.close());

  it('cancels the morning of a seeded day: preview with texts and price, expert mode per client, progress to the end', async () => {
    const { page, url } = session;
    await ensureSmsAllowed(session);
    await page.goto(`${url}/admin/plugins/messaging`);
    await page.getByRole('link', { name: 'Mass cancellation' }).click();
    await page.waitForURL(/\/plugins\/messaging\/mass-cancellation$/);
    await page.getByRole('heading', { name: 'Mass cancellation', level: 1 }).waitFor();

    // A day in the past: the server's 400 names the field, the page shows it and keeps the input.
    const firstDay = page.getByLabel('Day 1');
    await firstDay.fill(day(-1));
    await page.getByRole('button', { name: 'Preview' }).click();
    await page
      .getByTestId('api-error')
      .getByText(`${day(-1)} is in the past.`)
      .waitFor();
    // and at the field itself, in words (no "days.0")
    expect(await page.getByText(`${day(-1)} is in the past.`).count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('api-error').innerText()).not.toContain('days.0');
    expect(await firstDay.inputValue()).toBe(day(-1));
    await screenshotTall(session, 'mass-error');

    await page.getByLabel('From (time)').fill('08:00');
    await page.getByLabel('To (time)').fill('12:00');
    await page.getByLabel('Reason').fill('Fortbildung');
    // The seed spreads its appointments over the working days of four weeks; days from the third week on
    // are left alone by the other browser tests. Take the first one the preview shows appointments for.
    let chosen = '';
    let appointments = 0;
    for (let offset = 15; offset <= 24 && appointments === 0; offset += 1) {
      chosen = day(offset);
      await firstDay.fill(chosen);
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.getByTestId('mass-preview').waitFor();
      appointments = Number(
        /^(\d+) appointments?/.exec(await page.getByTestId('preview-total').innerText())?.[1] ?? 0
      );
    }
    expect(appointments).toBeGreaterThan(0);
    const rows = page.getByTestId('mass-row');
    expect(await rows.count()).toBe(appointments);
    // "As usual": each client's cancellation switches; the texts carry the reason.
    expect(
      (await page.getByTestId('mass-text').allInnerTexts()).some((text) =>
        text.includes('Fortbildung')
      )
    ).toBe(true);
    expect(await page.getByTestId('cost-total').innerText()).toMatch(/^€\d+\.\d{2}$/);
    await screenshotTall(session, 'mass-preview');

    // Expert mode: the first client gets no message; the preview follows at once.
    const messagesBefore = Number(
      /(\d+) messages? to send/.exec(await page.getByTestId('preview-total').innerText())?.[1]
    );
    await page.getByRole('checkbox', { name: 'Expert mode' }).click({ force: true });
    await page.getByRole('checkbox', { name: 'Put the clients on the waitlist' }).click();
    const notified = rows.filter({ has: page.getByTestId('mass-text') }).first();
    const silenced = await notified.getAttribute('data-appointment');
    await notified.getByRole('combobox').click();
    // a channel the client cannot receive is marked and cannot be chosen (Threema is switched off here)
    const switchedOff = page.getByRole('option', { name: 'Threema (switched off)' });
    await switchedOff.waitFor();
    expect(await switchedOff.getAttribute('aria-disabled')).toBe('true');
    for (const option of await page.getByRole('option', { name: /\(not reachable\)$/ }).all())
      expect(await option.getAttribute('aria-disabled')).toBe('true');
    await session.screenshot('mass-expert-unreachable');
    await page.getByRole('option', { name: 'No message' }).click();
    const row = page.locator(`[data-testid="mass-row"][data-appointment="${silenced}"]`);
    await row.getByTestId('mass-text').waitFor({ state: 'detached' });
    expect(await row.getByRole('combobox').innerText()).toBe('No message');
    await page.getByText('The clients are put on the waitlist.').waitFor();
    const messagesAfter = Number(
      /(\d+) messages? to send/.exec(await page.getByTestId('preview-total').innerText())?.[1]
    );
    expect(messagesAfter).toBeLessThan(messagesBefore);
    await screenshotTall(session, 'mass-preview-expert');

    await page.getByRole('button', { name: 'Cancel appointments' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText(`${appointments} appointment`).waitFor();
    // the dialog names who will not be told
    const silencedName = await row.locator('td').nth(2).innerText(); // after the tick and the time
    const untold = await dialog.getByText(/will not be told: /).innerText();
    expect(untold).toMatch(/\d+ clients? will not be told: /);
    expect(untold).toContain(silencedName.trim());
    await dialogShown(page);
    await session.screenshot('mass-confirm');
    await dialog.getByRole('button', { name: 'Cancel appointments' }).click();

    const progress = page.getByTestId('batch-progress');
    await progress.waitFor();
    await page
      .locator('[data-testid="batch-progress"][data-status="completed"]')
      .waitFor({ timeout: 60000 });
    expect(await progress.getByTestId('batch-bar').getAttribute('aria-valuenow')).toBe('100');
    expect(await progress.getByTestId('batch-done').innerText()).toBe(
      `${messagesAfter} of ${messagesAfter} messages done (100 %)`
    );
    expect(Number(await progress.getByTestId('batch-count-sent').locator('p').innerText())).toBe(
      messagesAfter
    );
    expect(await progress.getByTestId('batch-summary').innerText()).toContain(
      `${appointments} appointment`
    );
    await screenshotTall(session, 'mass-completed');

    // The morning is cancelled now: the same selection finds nothing left to cancel.
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByTestId('mass-preview').waitFor();
    expect(await page.getByTestId('preview-total').innerText()).toMatch(
      /^0 appointments to cancel/
    );
    expect(await page.getByTestId('job-row').first().innerText()).toMatch(/completed/i);

    // the clients are on the waitlist: its own page, with names and the cancelled appointments linked
    await page.goto(`${url}/admin/plugins/messaging/waitlist`);
    await page.getByRole('heading', { name: 'Waitlist', level: 1 }).waitFor();
    const entries = page.getByTestId('waitlist-row');
    await entries.first().waitFor();
    expect(await entries.count()).toBeGreaterThanOrEqual(1);
    expect(await entries.first().getByRole('link', { name: 'Appointment' }).count()).toBe(1);
    expect(await entries.first().innerText()).toContain('mass cancellation');
    expect(await page.locator('body').innerText()).not.toMatch(/CLIENTDOCUMENTID|clientDocumentId/);
    await screenshotTall(session, 'waitlist');
  });

  it('"Mass-cancel" on two selected appointments of the Content Manager list opens the page with them', async () => {
    const { page, url } = session;
    await page.goto(`${url}/admin/content-manager/collection-types/api::appointment.appointment`);
    const rows = page.getByRole('row');
    await rows.nth(2).waitFor();
    await skipGuidedTour(page);
    await rows.nth(1).getByRole('checkbox').click();
    await rows.nth(2).getByRole('checkbox').click();
    const action = page.getByRole('button', { name: 'Mass-cancel' });
    // The bulk actions bar fades in; while it does, headless Chromium may report the button as not
    // visible for a long time (and a click on its coordinates may land nowhere): wait until it is in the
    // page, then hand it the click event itself.
    await page.getByText('2 entries selected').waitFor();
    await page.waitForFunction(() =>
      [...globalThis.document.querySelectorAll('button')].some(
        (button) => button.textContent === 'Mass-cancel'
      )
    );
    await session.screenshot('cm-appointments-bulk-action');
    await action.dispatchEvent('click');

    await page.waitForURL(/\/plugins\/messaging\/mass-cancellation\?appointments=[^,]+,[^,&]+$/);
    const chosen = page.getByRole('radio', {
      name: '2 appointments chosen in the appointment list',
    });
    await chosen.waitFor();
    expect(await chosen.getAttribute('aria-checked')).toBe('true');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByTestId('mass-preview').waitFor();
    expect(await page.getByTestId('preview-total').innerText()).toMatch(
      /^2 appointments to cancel/
    );
    expect(await page.getByTestId('mass-row').count()).toBe(2);
    await page
      .getByTestId('mass-preview')
      .screenshot({ path: path.join(ARTIFACTS, 'mass-preselected-preview.png') });
  });
});
