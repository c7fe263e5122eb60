import { openAdmin, type AdminSession } from './helpers/browser';

describe('templates page and the live SMS counter in Chromium', () => {
  let session: AdminSession;
  beforeAll(async () => {
    session = await openAdmin();
  });
  afterAll(async () => session?.close());

  const counter = (id: string) => session.page.getByTestId(id).innerText();

  it('counts while typing: an emoji flips to UCS-2 and adds a segment; the smart-encoding suggestion brings it back', async () => {
    const { page, url } = session;
    await page.goto(`${url}/admin/plugins/messaging/templates`);
    await page.getByRole('heading', { name: 'Templates' }).waitFor();
    await page.locator('[data-testid="template-row"][data-kind="confirmation"][data-form="formal"]').click();
    const body = page.getByTestId('template-editor').getByRole('textbox').first();
    await body.waitFor();

    // 97 GSM characters: one SMS as GSM-7, two as soon as anything forces UCS-2 (70 per SMS).
    const base = 'Guten Tag, Ihr Termin am Dienstag um 14:30 Uhr ist bestätigt. Bitte die Versichertenkarte mitbringen.';
    expect(base.length).toBeGreaterThan(70);
    await body.fill(base);
    expect(await counter('counter-encoding')).toBe('GSM-7');
    expect(await counter('counter-segments')).toBe('1 SMS');
    expect(await counter('counter-units')).toBe(`${base.length} / 160 characters`);

    await body.press('End');
    await body.pressSequentially(' 😀');
    expect(await counter('counter-encoding')).toBe('UCS-2');
    expect(await counter('counter-segments')).toBe('2 SMS');
    expect(await page.getByTestId('counter-warning').innerText()).toContain('Emoji');
    expect(await counter('counter-cost')).toBe('20 ct per message');
    await session.screenshot('admin-templates-emoji');

    // Emoji cannot be smart-encoded; typographic quotes and dashes can.
    await body.fill(`„${base}“ – bis dann…`);
    expect(await counter('counter-encoding')).toBe('UCS-2');
    expect(await counter('counter-segments')).toBe('2 SMS');
    const offending = await page.getByTestId('offending-char').allInnerTexts();
    expect(offending).toEqual(['„', '“', '–', '…']);
    await page.getByTestId('smart-suggestion').waitFor();
    await session.screenshot('admin-templates-suggestion');
    await page.getByTestId('smart-suggestion').getByRole('button', { name: 'Apply' }).click();
    expect(await counter('counter-encoding')).toBe('GSM-7');
    expect(await counter('counter-segments')).toBe('1 SMS');
    expect(await body.inputValue()).toBe(`"${base}" - bis dann...`);
  });

  it('refuses to save an unknown placeholder, saves a good text, and previews the worst case', async () => {
    const { page } = session;
    const body = page.getByTestId('template-editor').getByRole('textbox').first();
    await body.fill('{{> salutation}}, Termin am {{appointment.datum}}. {{> greeting}}');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/unknown placeholder "appointment\.datum" \(line 1, column 29\)/).waitFor();

    await body.fill('{{> salutation}}, Ihr Termin am {{appointment.date}} um {{appointment.time}} ist bestätigt. {{> greeting}}');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Template saved').waitFor();
    await page.getByRole('button', { name: 'Preview (saved text)' }).click();
    const typical = page.getByTestId('preview-typical');
    await typical.waitFor();
    expect(await typical.innerText()).toContain('Guten Tag Frau Müller, Ihr Termin am Di., 1.12. um 14:30 ist bestätigt.');
    expect(await page.getByTestId('preview-worst').innerText()).toMatch(/Freifrau von Bülow-Märzenbecher|von Hohenlohe-Schillingsfürst|Württemberg-Böhmer/);
    await session.screenshot('admin-templates-preview');
  });

  it('previews with a real appointment chosen from the list', async () => {
    const { page } = session;
    await page.getByRole('combobox', { name: 'Preview with appointment' }).click();
    const option = page.getByRole('option').first();
    const label = await option.innerText(); // "Mo., 30.11. 08:00 · Anna Müller"
    await option.click();
    await page.getByRole('button', { name: 'Preview (saved text)' }).click();
    const [when, who] = label.split(' · ');
    const [date, time] = [when.slice(0, when.lastIndexOf(' ')), when.slice(when.lastIndexOf(' ') + 1)];
    await page.getByTestId('preview-typical').getByText(`${date} um ${time}`, { exact: false }).waitFor();
    expect(await page.getByTestId('preview-typical').innerText()).toContain(who.split(' ').pop()!);
    await session.screenshot('admin-templates-preview-appointment');
  });
});
