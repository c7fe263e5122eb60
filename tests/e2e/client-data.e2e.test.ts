import fs from 'fs';
import path from 'path';
import {
  ARTIFACTS,
  adminToken,
  dialogShown,
  openAdmin,
  type AdminSession,
} from './helpers/browser';

describe('a client’s messaging data (GDPR) on the client panel, in German', () => {
  let session: AdminSession;
  beforeAll(async () => {
    session = await openAdmin();
  });
  afterAll(async () => session?.close());

  it('exports the data as a JSON file and erases it after asking, saying what went', async () => {
    const { page, url } = session;
    const headers = {
      Authorization: `Bearer ${await adminToken(session)}`,
      'Content-Type': 'application/json',
    };
    const created = await page.request.post(
      `${url}/content-manager/collection-types/api::client.client`,
      {
        headers,
        data: {
          recordNumber: 'DSGVO-1',
          salutation: 'Frau',
          firstName: 'Dora',
          lastName: 'Datenschutz',
          email: 'dora@example.org',
          mobile: '0171 3334445',
        },
      }
    );
    expect(created.status()).toBe(201);
    const clientId = (await created.json()).data.documentId as string;
    const sent = await page.request.post(`${url}/messaging/messages`, {
      headers,
      data: {
        channel: 'email',
        clientId,
        to: 'dora@example.org',
        subject: 'Ihr Termin',
        body: 'Bitte bringen Sie Ihre Karte mit.',
      },
    });
    expect(sent.status()).toBe(201);

    await page.evaluate(() => globalThis.localStorage.setItem('strapi-admin-language', 'de'));
    await page.goto(`${url}/admin/content-manager/collection-types/api::client.client/${clientId}`);
    const section = page.getByTestId('client-data');
    await section.getByText('Datenschutz').waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('button', { name: 'Nachrichtendaten exportieren' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`messaging-data-${clientId}.json`);
    const file = path.join(ARTIFACTS, 'client-data-export.json');
    await download.saveAs(file);
    const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(exported.client).toBe(clientId);
    expect(exported.messages.map((m: { text: string }) => m.text)).toEqual([
      'Bitte bringen Sie Ihre Karte mit.',
    ]);
    await page
      .getByTestId('client-data-outcome')
      .getByText('Die Datei mit den Nachrichtendaten der Person wurde heruntergeladen.')
      .waitFor();

    await section.getByRole('button', { name: 'Nachrichtendaten löschen' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText('Das lässt sich nicht rückgängig machen.', { exact: false }).waitFor();
    await dialogShown(page);
    await session.screenshot('cm-client-data-erase-confirm-de');
    await dialog.getByRole('button', { name: 'Nachrichtendaten löschen' }).click();
    await page
      .getByTestId('client-data-outcome')
      .getByText('Gelöscht: 1 Nachricht, 0 Freigaben, 0 Terminzettel, 0 Wartelisteneinträge.')
      .waitFor();
    await session.screenshot('cm-client-data-erased-de');

    const after = await page.request.post(`${url}/messaging/clients/${clientId}/data-export`, {
      headers,
      data: {},
    });
    expect((await after.json()).data.messages).toEqual([]);
    await page.evaluate(() => globalThis.localStorage.setItem('strapi-admin-language', 'en'));
  });
});
