/**
 * The adopter's admin in Chromium, in German: a termin opened in the Content
 * Manager shows the plugin's side panel ("Nachrichten"), and a draft termin
 * says that nobody is told before it is published. Screenshots in
 * .tmp/adopter-e2e/.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { skipGuidedTour } from '../e2e/helpers/browser';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { state } = require('./helpers/e2e-server');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { repoRoot } = require('./helpers/app');

const SCREENSHOTS = path.join(repoRoot, '.tmp', 'adopter-e2e');

describe('the adopter’s admin shows the plugin on its own content types', () => {
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const { url, admin, termine } = state();

  const openTermin = async (documentId: string) => {
    await page.goto(
      `${url}/admin/content-manager/collection-types/api::termin.termin/${documentId}`
    );
    await skipGuidedTour(page, 1500);
    await page.getByTestId('appointment-panel').waitFor();
  };

  beforeAll(async () => {
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'adopter-e2e-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1366, height: 900 },
      locale: 'de-DE',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30000);
    await page.goto(`${url}/admin/auth/login`);
    await page.getByLabel(/e-?mail/i).fill(admin.email);
    await page.getByLabel(/^passwor/i).fill(admin.password);
    await page.getByRole('button', { name: /anmelden|login/i }).click();
    await page.waitForURL(/\/admin\/?$/);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await context?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  it('a published termin has the "Nachrichten" side panel with its notification state', async () => {
    await openTermin(termine.published);
    await page.getByRole('heading', { name: 'Nachrichten' }).waitFor();
    expect(await page.getByTestId('notify-indicator').getAttribute('data-indicator')).toMatch(
      /^(none|queued|sent|delivered|failed)$/
    );
    expect(await page.getByTestId('appointment-draft').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'termin-panel.png') });
  });

  it('a draft termin’s panel says nobody is told before it is published', async () => {
    await openTermin(termine.draft);
    await page.getByRole('heading', { name: 'Nachrichten' }).waitFor();
    expect(await page.getByTestId('appointment-draft').innerText()).toContain('Entwurf');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'termin-draft-panel.png') });
  });
});
