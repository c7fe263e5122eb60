/**
 * The practice's daily work in German: the appointment list's notification
 * column, the express slip's copy and print, ticking appointments on the
 * mass-cancellation page, the record type's notice editor and the demo's
 * Dry-run outbox.
 */
import { DateTime } from 'luxon';
import {
  adminToken,
  dialogShown,
  openAdmin,
  screenshotTall,
  type AdminSession,
} from './helpers/browser';

const APPOINTMENTS = 'api::appointment.appointment';

describe('daily work in German', () => {
  let session: AdminSession;
  let headers: Record<string, string>;
  /** what these tests create, removed afterwards: other browser tests count the seed's clients */
  const created: { uid: string; documentId: string }[] = [];
  const api = {
    post: async (path: string, data: unknown) => {
      const response = await session.page.request.post(`${session.url}${path}`, { headers, data });
      if (!response.ok()) throw new Error(`${path}: ${response.status()} ${await response.text()}`);
      const body = (await response.json()).data;
      const contentType = /^\/content-manager\/collection-types\/([^/]+)$/.exec(path)?.[1];
      if (contentType) created.push({ uid: contentType, documentId: body.documentId });
      return body;
    },
    put: async (path: string, data: unknown) => {
      const response = await session.page.request.put(`${session.url}${path}`, { headers, data });
      if (!response.ok()) throw new Error(`${path}: ${response.status()} ${await response.text()}`);
      return (await response.json()).data;
    },
    remove: async (uid: string, documentId: string) => {
      await session.page.request.delete(
        `${session.url}/content-manager/collection-types/${uid}/${documentId}`,
        { headers }
      );
    },
    get: async (path: string) =>
      (await (await session.page.request.get(`${session.url}${path}`, { headers })).json()).data,
  };

  const clientCount = async () =>
    (
      await (
        await session.page.request.get(
          `${session.url}/content-manager/collection-types/api::client.client?pageSize=1`,
          { headers }
        )
      ).json()
    ).pagination.total as number;
  let clientsBefore = 0;

  beforeAll(async () => {
    session = await openAdmin({ language: 'de' });
    await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: session.url,
    });
    headers = {
      Authorization: `Bearer ${await adminToken(session)}`,
      'Content-Type': 'application/json',
    };
    clientsBefore = await clientCount();
  });
  afterAll(async () => {
    // appointments first, then their clients, then record types
    for (const item of created.reverse())
      await api.remove(item.uid, item.documentId).catch(() => undefined);
    await session?.close();
  });

  /** A client of its own with appointments on a day no other browser test touches (past the seed's four weeks). */
  async function appointmentsOn(offsetDays: number, hours: number[], lastName: string) {
    const client = await api.post('/content-manager/collection-types/api::client.client', {
      recordNumber: `DE-${lastName}-${Date.now()}`,
      salutation: 'Frau',
      firstName: 'Greta',
      lastName,
      formalAddress: true,
      email: `${lastName.toLowerCase()}@example.org`,
    });
    const day = DateTime.now().setZone('Europe/Berlin').plus({ days: offsetDays }).startOf('day');
    const created: string[] = [];
    for (const hour of hours) {
      const start = day.set({ hour });
      const appointment = await api.post(`/content-manager/collection-types/${APPOINTMENTS}`, {
        start: start.toISO(),
        end: start.plus({ minutes: 50 }).toISO(),
        client: { connect: [{ documentId: client.documentId }] },
        location: 'Praxisraum 3',
      });
      created.push(appointment.documentId);
    }
    return { day: day.toISODate()!, ids: created, client };
  }

  it('the appointment list has a notification column; its bubble matches the side panel, which copies and prints the express slip', async () => {
    const { page, url } = session;
    const { ids } = await appointmentsOn(33, [10], 'Liste');
    await page.goto(
      `${url}/admin/content-manager/collection-types/${APPOINTMENTS}?sort=start:DESC`
    );
    await page.locator('thead').getByText('Benachrichtigung', { exact: true }).waitFor();
    const bubble = page.locator(`[data-testid="list-bubble"][data-document="${ids[0]}"]`);
    await bubble.waitFor();
    const listed = await bubble.getAttribute('data-indicator');
    expect(['none', 'queued', 'sent', 'delivered', 'failed']).toContain(listed);
    expect(await bubble.innerText()).toMatch(
      /^(Nicht benachrichtigt|Geplant|Benachrichtigt|Zugestellt|Fehlgeschlagen)$/
    );
    await screenshotTall(session, 'cm-appointment-list-column-de');
    // no such column on other lists
    await page.goto(`${url}/admin/content-manager/collection-types/api::client.client`);
    await page.getByRole('row').nth(1).waitFor();
    expect(await page.locator('thead').getByText('Benachrichtigung', { exact: true }).count()).toBe(
      0
    );

    await page.goto(`${url}/admin/content-manager/collection-types/${APPOINTMENTS}/${ids[0]}`);
    const panel = page.getByTestId('appointment-panel');
    await panel.waitFor();
    // the slip is issued by the planner a moment after the save
    for (
      let tries = 0;
      tries < 20 && (await panel.getByTestId('slip-actions').count()) === 0;
      tries += 1
    ) {
      await page.waitForTimeout(1000);
      await page.reload();
      await panel.waitFor();
    }
    expect(await panel.getByTestId('notify-indicator').getAttribute('data-indicator')).toBe(listed);
    const slip = panel.getByTestId('slip-actions');
    await slip.getByText('Express-Terminzettel').waitFor();
    const link = (await slip.getByTestId('slip-link').getAttribute('href'))!;
    expect(link).toMatch(/\/s\/[A-Za-z0-9]{8}$/);
    await slip.getByRole('button', { name: 'Link kopieren' }).click();
    await slip.getByText('Link kopiert.').waitFor();
    expect(await page.evaluate(() => (globalThis as any).navigator.clipboard.readText())).toBe(
      link
    );
    // print: the slip page goes into a frame of its own and is printed from there
    await page.evaluate(() => {
      (globalThis as any).__printed = [];
      const original = (globalThis as any).HTMLIFrameElement.prototype;
      const descriptor = Object.getOwnPropertyDescriptor(original, 'contentWindow')!;
      Object.defineProperty(original, 'contentWindow', {
        get() {
          const win = descriptor.get!.call(this);
          if (win)
            win.print = () => (globalThis as any).__printed.push(win.document.body.innerText);
          return win;
        },
      });
    });
    await slip.getByRole('button', { name: 'Drucken' }).click();
    await page.waitForFunction(() => (globalThis as any).__printed.length > 0);
    const printed = (await page.evaluate(() => (globalThis as any).__printed[0])) as string;
    expect(printed).toContain('Terminzettel');
    expect(printed).toMatch(/\d{2}:\d{2}/);
    await session.screenshot('cm-appointment-slip-actions-de');
  });

  it('cancels only the ticked appointments of a day: the unticked one stays, the count and the dialog follow the ticks', async () => {
    const { page, url } = session;
    const { day, ids } = await appointmentsOn(34, [13, 14, 15], 'Haken');
    await page.goto(`${url}/admin/plugins/messaging/mass-cancellation`);
    await page.getByRole('heading', { name: 'Massenabsage', level: 1 }).waitFor();
    await page.getByLabel('Tag 1').fill(day);
    await page.getByLabel('Von (Uhrzeit)').fill('12:30');
    await page.getByRole('button', { name: 'Vorschau' }).click();
    await page.getByTestId('mass-preview').waitFor();
    await page
      .getByTestId('preview-total')
      .getByText(/^3 Termine abzusagen/)
      .waitFor();

    const kept = page.locator(`[data-testid="mass-row"][data-appointment="${ids[1]}"]`);
    await kept.getByRole('checkbox').click();
    await kept.getByTestId('mass-kept').waitFor();
    expect(await kept.getByTestId('mass-kept').innerText()).toBe(
      'Wird nicht abgesagt: bleibt bestehen, keine Nachricht.'
    );
    await page
      .getByTestId('preview-total')
      .getByText(/^2 Termine abzusagen/)
      .waitFor();
    expect(await page.getByTestId('mass-row').count()).toBe(3); // the unticked one stays in the list, to tick again
    await screenshotTall(session, 'mass-ticked-de');

    await page.getByRole('button', { name: 'Termine absagen' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText(/^2 Termine werden sofort abgesagt/).waitFor();
    await dialogShown(page);
    await dialog.getByRole('button', { name: 'Termine absagen' }).click();
    await page
      .locator('[data-testid="batch-progress"][data-status="completed"]')
      .waitFor({ timeout: 60000 });

    const states: string[] = [];
    for (const id of ids)
      states.push((await api.get(`/content-manager/collection-types/${APPOINTMENTS}/${id}`)).state);
    expect(states).toEqual(['cancelled', 'scheduled', 'cancelled']);
  });

  it("a record type's notice defaults use the same editor as the client's, with its own words", async () => {
    const { page, url } = session;
    const type = await api.post('/content-manager/collection-types/api::record-type.record-type', {
      name: `Gruppentherapie ${Date.now()}`,
    });
    await page.goto(
      `${url}/admin/content-manager/collection-types/api::record-type.record-type/${type.documentId}`
    );
    const editor = page.getByTestId('notice-switches');
    await editor
      .getByText(
        'Keine eigenen Vorgaben: für die Akten dieses Typs gelten die Vorgaben des Plugins.'
      )
      .waitFor();
    await editor.getByRole('button', { name: 'Für diesen Akten-Typ festlegen' }).click();
    await editor.getByRole('checkbox', { name: 'Bestätigung SMS' }).click();
    await editor.getByRole('textbox').fill('48, 24');
    await editor
      .getByText('Neue Akten dieses Typs übernehmen diese Einstellungen', { exact: false })
      .waitFor();
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page
      .getByText(/Gespeichert/)
      .first()
      .waitFor();
    await screenshotTall(session, 'cm-record-type-editor-de');

    const saved = (
      await api.get(
        `/content-manager/collection-types/api::record-type.record-type/${type.documentId}`
      )
    ).notificationDefaults;
    expect(saved.confirmation.sms).toBe(true);
    expect(saved.reminder.offsetsHours).toEqual([48, 24]);
    // a new client of this type copies them
    const client = await api.post('/content-manager/collection-types/api::client.client', {
      recordNumber: `DE-Typ-${Date.now()}`,
      firstName: 'Tom',
      lastName: 'Typ',
      recordType: { connect: [{ documentId: type.documentId }] },
    });
    expect(
      (await api.get(`/content-manager/collection-types/api::client.client/${client.documentId}`))
        .notificationSettings
    ).toEqual(saved);
  });

  it('the Dry-run outbox shows what the dry run sent, in full, with its links to open', async () => {
    const { page, url } = session;
    const before = await api.get('/messaging/settings');
    try {
      await api.put('/messaging/settings', { threemaEnabled: true });
      const text = `Testversand ${Date.now()}: Ihr Terminzettel https://praxis.example.test/s/Ab3dE7xQ`;
      await api.post('/messaging/messages', { channel: 'threema', to: 'ECHOECHO', body: text });
      await page.goto(`${url}/admin/plugins/messaging`);
      await page.getByRole('link', { name: 'Testversand-Posteingang' }).click();
      await page.getByRole('heading', { name: 'Testversand-Posteingang', level: 1 }).waitFor();
      const delivery = page.locator('[data-testid="dry-run-delivery"]', {
        hasText: text.slice(0, 24),
      });
      await delivery.waitFor({ timeout: 30000 }); // the dispatcher's next tick, then the page's next poll
      expect(await delivery.innerText()).toContain('an ECHOECHO');
      expect(
        await delivery.getByRole('link', { name: 'https://praxis.example.test/s/Ab3dE7xQ' }).count()
      ).toBe(1);
      await screenshotTall(session, 'dry-run-outbox-de');
    } finally {
      await api.put('/messaging/settings', { threemaEnabled: before.threemaEnabled });
    }
  });

  it('leaves the clients as it found them (the bulk test counts the seed)', async () => {
    for (const item of created.reverse()) await api.remove(item.uid, item.documentId);
    created.length = 0;
    expect(await clientCount()).toBe(clientsBefore);
  });
});
