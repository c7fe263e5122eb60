import fs from 'fs';
import path from 'path';
import {
  ARTIFACTS,
  dialogShown,
  ensureSmsAllowed,
  openAdmin,
  type AdminSession,
} from './helpers/browser';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { state } = require('./helpers/server');

/** What the fake Twilio (the client's phone) received. */
async function phoneMessages(): Promise<{ to: string; body: string }[]> {
  const response = await fetch(`${state().twilio.url}/__fake/messages`);
  return ((await response.json()) as { messages: { to: string; body: string }[] }).messages;
}

let adminToken: string | null = null;
/** The admin API with the e2e admin's token (one login: Strapi rate-limits logins, and other test files log in too). */
async function adminApi(path: string): Promise<any> {
  const { url, admin } = state();
  if (!adminToken) {
    const response = await fetch(`${url}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    });
    adminToken = ((await response.json()) as { data: { token: string } }).data.token;
  }
  return (
    await fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${adminToken}` } })
  ).json();
}

describe('secure download with code self-service, in Chromium', () => {
  let session: AdminSession;
  beforeAll(async () => {
    session = await openAdmin();
  });
  afterAll(async () => session?.close());

  it('staff release a document; the client asks for the code on the page, a wrong code is refused, the right one downloads the file', async () => {
    const { page, url } = session;
    await ensureSmsAllowed(session);
    await page.goto(`${url}/admin/settings/messaging`);
    await page.getByRole('combobox', { name: 'Access codes for secure downloads' }).click();
    await page.getByRole('option', { name: /Code self-service/ }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved').waitFor();

    await page.goto(`${url}/admin/content-manager/collection-types/api::document.document`);
    await page.getByRole('gridcell', { name: 'Befundbericht Oktober' }).first().click();
    await page.waitForURL(/api::document\.document\/[a-z0-9]+/);
    const panel = page.getByTestId('document-panel');
    await panel.waitFor();
    // Releasing costs money (each code is an SMS): the panel asks first, then says what happened.
    await panel.getByRole('button', { name: /Release to client|Release again/ }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText('each code they ask for is an SMS the practice pays').waitFor();
    await dialogShown(page);
    await session.screenshot('cm-document-release-confirm');
    await confirm.getByRole('button', { name: /Release to client|Release again/ }).click();
    await page.locator('[data-testid="document-panel"][data-released="true"]').waitFor();
    await panel
      .getByTestId('release-outcome')
      .getByText(
        'Released: the e-mail with the link is on its way; the client asks for the code on the page.'
      )
      .waitFor();
    await panel.getByText('Code on request (self-service)').waitFor();
    await session.screenshot('cm-document-release-panel');

    // The client's e-mail holds the link; the send log shows it redacted.
    let link: string | undefined;
    for (let tries = 0; tries < 80 && !link; tries += 1) {
      const inbox = fs.existsSync(state().mailbox)
        ? fs
            .readFileSync(state().mailbox, 'utf8')
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line))
        : [];
      link = inbox
        .map(
          (mail: { text?: string }) =>
            /https?:\/\/[^\s]+\/d\/[A-Za-z0-9]{32}/.exec(mail.text ?? '')?.[0]
        )
        .filter(Boolean)
        .at(-1);
      if (!link) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(link).toBeDefined();
    const logged = await adminApi('/messaging/messages?kind=download-link&pageSize=1');
    expect(logged.data[0].body).toContain('/d/********************************');
    expect(logged.data[0].body).not.toContain(link!.split('/d/')[1]);
    const smsBefore = (await phoneMessages()).length;

    const client = await session.context.newPage();
    await client.setViewportSize({ width: 390, height: 800 }); // a phone
    await client.goto(link!);
    await client.getByRole('heading', { name: /Sicherer Dokumentendownload/ }).waitFor();
    await client.getByText('Befundbericht Oktober').waitFor();
    expect(await client.content()).not.toContain('Hartmann'); // nothing else about the client
    await client
      .getByRole('button', { name: 'Code an meine hinterlegte Handynummer senden' })
      .click();
    await client.getByText(/Der Code ist unterwegs \(SMS an ••• \d{3}\)/).waitFor();
    await client.screenshot({
      path: path.join(ARTIFACTS, 'download-page-code-sent.png'),
      fullPage: true,
    });

    let code: string | undefined;
    for (let tries = 0; tries < 40 && !code; tries += 1) {
      const received = (await phoneMessages()).slice(smsBefore);
      code = received
        .map((m) => /Zugangscode für den Dokumentendownload: ([A-Z0-9]{6})/.exec(m.body)?.[1])
        .find(Boolean);
      if (!code) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(code).toMatch(/^[A-Z2-9]{6}$/);

    await client.getByLabel('Zugangscode').fill(code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA');
    await client.getByRole('button', { name: 'Dokument herunterladen' }).click();
    await client.getByText('Der Code stimmt nicht. Noch 4 Versuche.').waitFor();
    await client.screenshot({
      path: path.join(ARTIFACTS, 'download-page-wrong-code.png'),
      fullPage: true,
    });

    await client.getByLabel('Zugangscode').fill(code!.toLowerCase());
    const [download] = await Promise.all([
      client.waitForEvent('download'),
      client.getByRole('button', { name: 'Dokument herunterladen' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Befundbericht Oktober.pdf');

    await page.reload();
    await page
      .getByTestId('release-downloads')
      .getByText(/Downloads: 1/)
      .waitFor({ timeout: 15000 });
    // how the code went, in words: by SMS to the number on record (masked), apart from the e-mail
    await panel
      .getByText(/^Code sent by SMS to ••• \d{3}, separately from the e-mail with the link$/)
      .waitFor();
    await session.screenshot('cm-document-release-downloaded');

    // Staff revoke the release after asking: the client's page is gone, also with the right code.
    await page.getByRole('button', { name: 'Revoke release' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText('The link stops working at once').waitFor();
    await dialogShown(page);
    await session.screenshot('cm-document-revoke-confirm');
    await dialog.getByRole('button', { name: 'Revoke release' }).click();
    await page.getByTestId('release-revoked').waitFor();
    await session.screenshot('cm-document-revoked');
    await client.goto(client.url());
    await client
      .locator('[data-state="gone"]')
      .getByText('Nicht gefunden oder abgelaufen.')
      .waitFor();
    await client.screenshot({
      path: path.join(ARTIFACTS, 'download-page-revoked.png'),
      fullPage: true,
    });
    await client.close();
  });
});
