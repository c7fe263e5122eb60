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

export async function openAdmin(): Promise<AdminSession> {
  const { url, admin } = state();
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
  await page.goto(`${url}/admin/auth/login`);
  await page.getByLabel(/email/i).fill(admin.email);
  await page.getByLabel(/^password/i).fill(admin.password);
  await page.getByRole('button', { name: /login/i }).click();
  await page.waitForURL(/\/admin\/?$/);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
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
