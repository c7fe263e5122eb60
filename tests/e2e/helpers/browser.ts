/**
 * Headless Debian Chromium driven by playwright-core, logged in to the admin.
 * Screenshots go to tests/artifacts/ so a person can look at them.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { state } = require('./server');

export const ARTIFACTS = path.resolve(__dirname, '..', '..', 'artifacts');

export interface AdminSession {
  context: BrowserContext;
  page: Page;
  url: string;
  close(): Promise<void>;
  screenshot(name: string): Promise<string>;
}

/**
 * A logged-in admin in a Chromium of its own (its own profile, so a language
 * chosen here stays in this session). `language: 'de'` opens the German admin.
 */
export async function openAdmin(
  options: { language?: 'de' | 'en'; user?: { email: string; password: string } } = {}
): Promise<AdminSession> {
  const { url, admin: superAdmin } = state();
  // another admin user than the e2e super admin, e.g. a practice's staff (scripts/seed STAFF)
  const admin = options.user ?? superAdmin;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'messaging-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1366, height: 900 },
    locale: 'en-US',
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
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20000);
  // A page with unsaved edits asks before it is left (beforeunload); a test moving on with page.goto leaves.
  page.on(
    'dialog',
    (dialog) => void (dialog.type() === 'beforeunload' ? dialog.accept() : dialog.dismiss())
  );
  // Strapi allows 5 logins per 5 minutes per address; the e2e server raises
  // that (ADMIN_LOGIN_RATE_LIMIT in helpers/server.js), so every file logs in.
  try {
    await page.goto(`${url}/admin/auth/login`);
    await page.getByLabel(/email/i).fill(admin.email);
    await page.getByLabel(/^password/i).fill(admin.password);
    await page.getByRole('button', { name: /login/i }).click();
    await page.waitForURL(/\/admin\/?$/);
  } catch (error) {
    // a failed login must not leave a Chromium behind (the test file's afterAll has no session to close)
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  if (options.language)
    await page.evaluate(
      (language) => globalThis.localStorage.setItem('strapi-admin-language', language),
      options.language
    );
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // helpers/environment.js photographs this page when a test fails
  (globalThis as any).__messagingE2ePage = page;
  return {
    context,
    page,
    url,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
    async screenshot(name: string) {
      const file = path.join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
  };
}

/** Switches "Allow SMS" on in Settings → Messaging, if it is off. */
export async function ensureSmsAllowed(session: AdminSession): Promise<void> {
  const { page, url } = session;
  await page.goto(`${url}/admin/settings/messaging`);
  const sms = page.getByRole('checkbox', { name: 'Allow SMS (billed extra)' });
  await sms.waitFor();
  if (await sms.isChecked()) return;
  await sms.click({ force: true });
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Settings saved').waitFor();
}

/**
 * Strapi's guided tour of the Content Manager ("Step 1 of 4", Skip / Next)
 * opens a moment after the list appears in a fresh browser profile and covers
 * the table: skip it when it shows up.
 */
export async function skipGuidedTour(page: Page, waitMs = 3000): Promise<void> {
  const skip = page.getByRole('button', { name: 'Skip', exact: true });
  try {
    await skip.waitFor({ timeout: waitMs });
  } catch {
    return; // no tour this time
  }
  await skip.click();
  await skip.waitFor({ state: 'detached' });
}

/**
 * The admin scrolls inside its layout, not the document, so a "full page"
 * screenshot shows only the first screen. This one makes the window as tall
 * as the scrolled content for the shot (max 6000 px), then restores it.
 */
export async function screenshotTall(session: AdminSession, name: string): Promise<string> {
  const { page } = session;
  const viewport = page.viewportSize() ?? { width: 1366, height: 900 };
  const height = await page.evaluate(() => {
    const g = globalThis as any;
    let tallest = g.document.documentElement.scrollHeight;
    const main = g.document.querySelector('main');
    for (let node = main?.parentElement; node; node = node.parentElement) {
      if (node.scrollHeight > node.clientHeight)
        tallest = Math.max(tallest, node.scrollHeight + node.getBoundingClientRect().top);
    }
    return tallest;
  });
  await page.setViewportSize({
    width: viewport.width,
    height: Math.min(6000, Math.max(viewport.height, Math.ceil(height))),
  });
  await page.waitForTimeout(200); // let the layout settle at the new size
  try {
    return await session.screenshot(name);
  } finally {
    await page.setViewportSize(viewport);
  }
}

/** Waits until an open dialog has faded in, so a screenshot shows it, not its animation. */
export async function dialogShown(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const g = globalThis as any;
    const dialog = g.document.querySelector('[role=dialog], [role=alertdialog]');
    return dialog && g.getComputedStyle(dialog).opacity === '1';
  });
}

/** The admin's own token, as the admin app keeps it, for setting up data through the API. */
export async function adminToken(session: AdminSession): Promise<string> {
  const stored = await session.page.evaluate(
    () =>
      globalThis.localStorage.getItem('jwtToken') ?? globalThis.sessionStorage.getItem('jwtToken')
  );
  const cookie = (await session.context.cookies()).find((c) => c.name === 'jwtToken')?.value;
  const token = stored ?? (cookie ? decodeURIComponent(cookie) : null);
  if (!token) throw new Error('no admin token in the browser');
  return token.replace(/^"|"$/g, '');
}
