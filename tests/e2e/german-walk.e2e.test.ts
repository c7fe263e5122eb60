/**
 * German first: every plugin page, opened in German, shows no English text of
 * the plugin, no raw translation key and no server code. The English side is
 * the plugin's own en.json (texts that differ from their German ones), plus
 * the server's English phrases ("must be", "is not").
 */
import fs from 'fs';
import path from 'path';
import { openAdmin, screenshotTall, type AdminSession } from './helpers/browser';

const translations = path.resolve(__dirname, '../../admin/src/translations');
const de = JSON.parse(fs.readFileSync(path.join(translations, 'de.json'), 'utf8')) as Record<
  string,
  string
>;
const en = JSON.parse(fs.readFileSync(path.join(translations, 'en.json'), 'utf8')) as Record<
  string,
  string
>;

/** English texts (without their placeholders) long enough not to be names: none may show in German. */
const ENGLISH = [
  ...new Set(
    Object.keys(en)
      .filter((key) => en[key] !== de[key])
      .flatMap((key) => en[key].split(/\{[^}]*\}|[·:()]/))
      .map((part) => part.trim())
      .filter(
        (part) =>
          part.length >= 14 &&
          !/[„“äöüß]/.test(part) &&
          !Object.values(de).some((text) => text.includes(part))
      )
  ),
];

const PAGES = [
  '',
  'log',
  'templates',
  'bulk',
  'mass-cancellation',
  'usage',
  'waitlist',
  'dry-run-outbox',
];

describe('every plugin page in German', () => {
  let session: AdminSession;
  beforeAll(async () => {
    session = await openAdmin({ language: 'de' });
  });
  afterAll(async () => session?.close());

  it.each(PAGES)(
    '/plugins/messaging/%s shows no English, no raw key and no server code',
    async (page) => {
      const { page: browser, url } = session;
      expect(ENGLISH.length).toBeGreaterThan(100);
      await browser.goto(`${url}/admin/plugins/messaging/${page}`);
      await browser.getByRole('heading', { level: 1 }).first().waitFor();
      await browser.waitForLoadState('networkidle');
      const text = await browser.getByRole('main').innerText();
      expect(ENGLISH.filter((phrase) => text.includes(phrase))).toEqual([]);
      expect(text).not.toMatch(/messaging\.[a-z]+\.[a-z]/); // a translation key shown as is
      expect(text).not.toMatch(/\b(must be|is not a|OPEN_|EOF|undefined|null)\b/);
      // a reason code as the server names it ("email: no-email") instead of words
      expect(text).not.toMatch(
        /\b(no-email|no-mobile|no-consent|no-threema-id|channel-disabled|not-wanted)\b/
      );
      await screenshotTall(session, `german-${page || 'home'}`);
    }
  );

  it('the settings page too', async () => {
    const { page: browser, url } = session;
    await browser.goto(`${url}/admin/settings/messaging`);
    await browser.getByRole('heading', { level: 1 }).first().waitFor();
    await browser.waitForLoadState('networkidle');
    const text = await browser.getByRole('main').innerText();
    expect(ENGLISH.filter((phrase) => text.includes(phrase))).toEqual([]);
    expect(text).not.toMatch(/messaging\.[a-z]+\.[a-z]/);
    await screenshotTall(session, 'german-settings');
  });

  it.each([
    ['appointment', 'api::appointment.appointment', 'appointment-panel'],
    ['client', 'api::client.client', 'client-panel'],
  ])('the %s side panel in the Content Manager too', async (name, uid, panelId) => {
    const { page: browser, url } = session;
    await browser.goto(`${url}/admin/content-manager/collection-types/${uid}`);
    const row = browser.getByRole('row').nth(1);
    await row.waitFor();
    await row.getByRole('gridcell').nth(1).click();
    await browser.getByTestId(panelId).waitFor();
    await browser.waitForLoadState('networkidle');
    const text = await browser.getByTestId(panelId).innerText();
    expect(ENGLISH.filter((phrase) => text.includes(phrase))).toEqual([]);
    expect(text).not.toMatch(/messaging\.[a-z]+\.[a-z]/);
    expect(text).not.toMatch(/\b(must be|is not a|undefined|null)\b/);
    await session.screenshot(`german-${name}-panel`);
  });
});
