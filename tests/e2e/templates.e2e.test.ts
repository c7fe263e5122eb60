import { openAdmin, type AdminSession } from './helpers/browser';

describe('templates page and the live SMS counter in Chromium', () => {
  let session: AdminSession;
  beforeAll(async () => {
    session = await openAdmin();
  });
  afterAll(async () => session?.close());

  /** The counter's text once it settled: it counts the text the server renders a moment after typing stops. */
  const counter = async (id: string, expected?: string | RegExp): Promise<string> => {
    const element = session.page.getByTestId(id);
    await element.waitFor();
    if (expected === undefined) return element.innerText();
    for (
      const started = Date.now();
      Date.now() - started < 10_000;
      await session.page.waitForTimeout(100)
    ) {
      const text = await element.innerText();
      if (typeof expected === 'string' ? text === expected : expected.test(text)) return text;
    }
    return element.innerText();
  };

  it('counts while typing: an emoji flips to UCS-2 and adds a segment; the smart-encoding suggestion brings it back', async () => {
    const { page, url } = session;
    await page.goto(`${url}/admin/plugins/messaging/templates`);
    await page.getByRole('heading', { name: 'Templates' }).waitFor();
    await page
      .locator('[data-testid="template-row"][data-kind="confirmation"][data-form="formal"]')
      .click();
    const body = page.getByTestId('template-editor').getByRole('textbox').first();
    await body.waitFor();

    // 97 GSM characters: one SMS as GSM-7, two as soon as anything forces UCS-2 (70 per SMS).
    const base =
      'Guten Tag, Ihr Termin am Dienstag um 14:30 Uhr ist bestätigt. Bitte die Versichertenkarte mitbringen.';
    expect(base.length).toBeGreaterThan(70);
    await body.fill(base);
    expect(await counter('counter-units', `${base.length} / 160 characters`)).toBe(
      `${base.length} / 160 characters`
    );
    expect(await counter('counter-encoding')).toBe('GSM-7');
    expect(await counter('counter-segments')).toBe('1 SMS');

    await body.press('End');
    await body.pressSequentially(' 😀');
    expect(await counter('counter-encoding', 'UCS-2')).toBe('UCS-2');
    expect(await counter('counter-segments')).toBe('2 SMS');
    expect(await page.getByTestId('counter-warning').innerText()).toContain('Emoji');
    expect(await counter('counter-cost')).toBe('20 ct per message');
    await session.screenshot('admin-templates-emoji');

    // Emoji cannot be smart-encoded; typographic quotes and dashes can.
    const fancy = `„${base}“ – bis dann…`;
    await body.fill(fancy);
    expect(await counter('counter-units', `${fancy.length} / 134 characters`)).toBe(
      `${fancy.length} / 134 characters`
    );
    expect(await counter('counter-encoding')).toBe('UCS-2');
    expect(await counter('counter-segments')).toBe('2 SMS');
    const offending = await page.getByTestId('offending-char').allInnerTexts();
    expect(offending).toEqual(['„', '“', '–', '…']);
    await page.getByTestId('smart-suggestion').waitFor();
    await session.screenshot('admin-templates-suggestion');
    await page.getByTestId('smart-suggestion').getByRole('button', { name: 'Apply' }).click();
    expect(await counter('counter-encoding', 'GSM-7')).toBe('GSM-7');
    expect(await counter('counter-segments')).toBe('1 SMS');
    expect(await body.inputValue()).toBe(`"${base}" - bis dann...`);
  });

  it('refuses to save an unknown placeholder, saves a good text, and previews the worst case', async () => {
    const { page } = session;
    const body = page.getByTestId('template-editor').getByRole('textbox').first();
    await body.fill('{{> salutation}}, Termin am {{appointment.datum}}. {{> greeting}}');
    // the field says it before saving, and again after a refused save; the text stays
    const editor = page.getByTestId('template-editor');
    await editor.getByText('There is no placeholder "appointment.datum".').first().waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('There is no placeholder "appointment.datum".').nth(1).waitFor();
    expect(await body.inputValue()).toBe(
      '{{> salutation}}, Termin am {{appointment.datum}}. {{> greeting}}'
    );

    await body.fill(
      '{{> salutation}}, Ihr Termin am {{appointment.date}} um {{appointment.time}} ist bestätigt. {{> greeting}}'
    );
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Template saved').waitFor();
    await page.getByRole('button', { name: 'Preview (saved text)' }).click();
    const typical = page.getByTestId('preview-typical');
    await typical.waitFor();
    expect(await typical.innerText()).toContain(
      'Guten Tag Frau Müller, Ihr Termin am Di., 1.12. um 14:30 ist bestätigt.'
    );
    expect(await page.getByTestId('preview-worst').innerText()).toMatch(
      /Freifrau von Bülow-Märzenbecher|von Hohenlohe-Schillingsfürst|Württemberg-Böhmer/
    );
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
    const [date, time] = [
      when.slice(0, when.lastIndexOf(' ')),
      when.slice(when.lastIndexOf(' ') + 1),
    ];
    await page
      .getByTestId('preview-typical')
      .getByText(`${date} um ${time}`, { exact: false })
      .waitFor();
    expect(await page.getByTestId('preview-typical').innerText()).toContain(who.split(' ').pop()!);
    await session.screenshot('admin-templates-preview-appointment');
  });

  it('counts every shipped SMS text as it will be sent: the counter under the editor equals the preview, with typical values', async () => {
    const { page, url } = session;
    await page.goto(`${url}/admin/plugins/messaging/templates`);
    await page.getByRole('heading', { name: 'Templates' }).waitFor();
    const rows = page.getByTestId('template-row');
    await rows.first().waitFor();
    const count = await rows.count();
    expect(count).toBeGreaterThanOrEqual(10);
    const seen: string[] = [];
    for (let index = 0; index < count; index += 1) {
      const row = rows.nth(index);
      const kind = await row.getAttribute('data-kind');
      if (kind === 'salutation' || kind === 'greeting') continue;
      await row.click();
      await page.getByRole('button', { name: 'Preview (saved text)' }).click();
      const figures = await page.getByTestId('preview-typical-figures').innerText(); // "1 SMS · GSM-7 · 10 ct"
      const segments = Number(/^(\d+) SMS/.exec(figures)?.[1]);
      expect(await counter('counter-segments', `${segments} SMS`)).toBe(`${segments} SMS`);
      // the shipped texts fit one SMS with typical values; the template's own characters are only a detail
      expect(segments).toBe(1);
      expect(await counter('counter-template')).toMatch(
        /the template itself has [\d,]+ characters/
      );
      seen.push(`${kind}/${await row.getAttribute('data-form')}`);
    }
    expect(seen).toEqual(
      expect.arrayContaining([
        'confirmation/formal',
        'change/formal',
        'reminder/formal',
        'cancellation/formal',
      ])
    );
    await session.screenshot('admin-templates-counter-rendered');
  });

  it('speaks German at the field: a block never closed is named with its line, before and after saving', async () => {
    const { page, url } = session;
    await page.evaluate(() => globalThis.localStorage.setItem('strapi-admin-language', 'de'));
    try {
      await page.goto(`${url}/admin/plugins/messaging/templates`);
      await page.getByRole('heading', { name: 'Textvorlagen' }).waitFor();
      await page
        .locator('[data-testid="template-row"][data-kind="reminder"][data-form="formal"]')
        .click();
      const body = page.getByTestId('template-editor').getByRole('textbox').first();
      await body.fill(
        '{{> salutation}}, Ihr Termin {{#if appointment.online}}online{{else}}in {{appointment.location}}'
      );
      const message = '„{{#if}}“ aus Zeile 1 wird nie geschlossen: „{{/if}}“ fehlt.';
      await page.getByTestId('template-editor').getByText(message).first().waitFor();
      await page.getByRole('button', { name: 'Speichern', exact: true }).click();
      await page.getByText(message).nth(1).waitFor();
      const texts = await page.getByTestId('template-editor').innerText();
      expect(texts).not.toMatch(/OPEN_INVERSE|EOF|Expecting|syntax error/);
      await session.screenshot('admin-templates-error-de');
    } finally {
      await page.evaluate(() => globalThis.localStorage.setItem('strapi-admin-language', 'en'));
    }
  });

  it('asks before a changed template is left, in German: "Weiter bearbeiten" keeps the text, "Änderungen verwerfen" goes on', async () => {
    const { page, url } = session;
    await page.evaluate(() => globalThis.localStorage.setItem('strapi-admin-language', 'de'));
    try {
      await page.goto(`${url}/admin/plugins/messaging/templates`);
      await page.getByRole('heading', { name: 'Textvorlagen' }).waitFor();
      await page
        .locator('[data-testid="template-row"][data-kind="cancellation"][data-form="formal"]')
        .click();
      const body = page.getByTestId('template-editor').getByRole('textbox').first();
      await body.waitFor();
      const saved = await body.inputValue();
      const edited = `${saved} Bitte neuen Termin vereinbaren.`;
      await body.fill(edited);

      // another template: asked first, staying keeps the edit
      await page
        .locator('[data-testid="template-row"][data-kind="reminder"][data-form="informal"]')
        .click();
      const dialog = page.getByRole('alertdialog');
      await dialog
        .getByText('Der Text dieser Vorlage wurde geändert und nicht gespeichert.', {
          exact: false,
        })
        .waitFor();
      await session.screenshot('admin-templates-leave-de');
      await dialog.getByRole('button', { name: 'Weiter bearbeiten' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await body.inputValue()).toBe(edited);

      // another admin page: asked too
      await page.getByRole('link', { name: 'Zurück' }).click();
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Weiter bearbeiten' }).click();
      expect(page.url()).toContain('/plugins/messaging/templates');
      expect(await body.inputValue()).toBe(edited);

      // discarding switches, and the saved text is unchanged
      await page
        .locator('[data-testid="template-row"][data-kind="reminder"][data-form="informal"]')
        .click();
      await dialog.getByRole('button', { name: 'Änderungen verwerfen' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await body.inputValue()).toContain('zur Erinnerung');
      await page
        .locator('[data-testid="template-row"][data-kind="cancellation"][data-form="formal"]')
        .click();
      expect(await body.inputValue()).toBe(saved); // nothing asked: no change was made
    } finally {
      await page.evaluate(() => globalThis.localStorage.setItem('strapi-admin-language', 'en'));
    }
  });
});
