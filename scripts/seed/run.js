'use strict';
/**
 * Writes the demo data into a booted playground through the Document Service,
 * as staff would through the Content Manager. Idempotent: record types by
 * name, clients by record number, appointments by seed key.
 */
const { RECORD_TYPES, buildClients, buildAppointments } = require('./data');

const RECORD_TYPE = 'api::record-type.record-type';
const CLIENT = 'api::client.client';
const APPOINTMENT = 'api::appointment.appointment';
const DOCUMENT = 'api::document.document';
const fs = require('fs');
const path = require('path');

/** Documents for the secure download: a small PDF each, in the local upload folder. */
const DOCUMENTS = [
  { title: 'Befundbericht Oktober', recordNumber: 'A-2025-0001' },
  { title: 'Rechnung 2026-10', recordNumber: 'A-2025-0002' },
  { title: 'Therapiebericht für die Krankenkasse', recordNumber: 'A-2025-0003' },
];

const pdfWith = (title) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n` +
      `3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources <</Font <</F1 5 0 R>>>>>> endobj\n` +
      `4 0 obj <</Length 60>> stream\nBT /F1 18 Tf 72 760 Td (${title.replace(/[()\\]/g, '')}) Tj ET\nendstream endobj\n` +
      `5 0 obj <</Type /Font /Subtype /Type1 /BaseFont /Helvetica>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  );

async function seedPractice(strapi, { now = new Date() } = {}) {
  const created = { recordTypes: 0, clients: 0, appointments: 0 };

  // The practice signs its messages with its name (once; staff may change it).
  const settings = strapi.plugin('messaging').service('settings');
  if (!(await settings.get()).practiceName) {
    await settings.update('default', { practiceName: 'Praxis Lindenblatt', practicePhone: '030 1234567', practiceEmail: 'praxis@example.org' });
  }

  const recordTypeIds = {};
  for (const recordType of RECORD_TYPES) {
    let existing = await strapi.documents(RECORD_TYPE).findFirst({ filters: { name: recordType.name } });
    if (!existing) {
      existing = await strapi.documents(RECORD_TYPE).create({ data: recordType });
      created.recordTypes += 1;
    }
    recordTypeIds[recordType.name] = existing.documentId;
  }

  const clients = buildClients();
  const clientIds = {};
  const existingClients = await strapi.documents(CLIENT).findMany({ fields: ['recordNumber'], limit: -1 });
  for (const row of existingClients) clientIds[row.recordNumber] = row.documentId;
  for (const client of clients) {
    if (clientIds[client.recordNumber]) continue;
    const recordType = RECORD_TYPES.find((type) => type.name === client.recordType);
    const doc = await strapi.documents(CLIENT).create({
      data: {
        ...client,
        recordType: recordTypeIds[client.recordType],
        // New records start with their record type's defaults (the plugin copies
        // them on create as well; the seed sets them so it works without it).
        notificationSettings: recordType.notificationDefaults,
      },
    });
    clientIds[client.recordNumber] = doc.documentId;
    created.clients += 1;
  }

  const existingKeys = new Set(
    (await strapi.db.query(APPOINTMENT).findMany({ select: ['seedKey'], where: { seedKey: { $startsWith: 'seed-' } } })).map(
      (row) => row.seedKey,
    ),
  );
  for (const appointment of buildAppointments(clients, now)) {
    if (existingKeys.has(appointment.seedKey)) continue;
    const { clientRecordNumber, ...data } = appointment;
    await strapi.documents(APPOINTMENT).create({ data: { ...data, client: clientIds[clientRecordNumber] } });
    created.appointments += 1;
  }
  created.documents = 0;
  for (const [index, document] of DOCUMENTS.entries()) {
    if (!clientIds[document.recordNumber]) continue;
    if (await strapi.documents(DOCUMENT).findFirst({ filters: { title: document.title } })) continue;
    const name = `seed-document-${index + 1}.pdf`;
    const bytes = pdfWith(document.title);
    const folder = path.join(strapi.dirs.static.public, 'uploads');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, name), bytes);
    const file = await strapi.db.query('plugin::upload.file').create({
      data: { name: `${document.title}.pdf`, hash: name.replace('.pdf', ''), ext: '.pdf', mime: 'application/pdf', size: bytes.length / 1000, url: `/uploads/${name}`, provider: 'local' },
    });
    await strapi.documents(DOCUMENT).create({ data: { title: document.title, client: clientIds[document.recordNumber], file: file.id } });
    created.documents += 1;
  }
  return created;
}

module.exports = { seedPractice };
