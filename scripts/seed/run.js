'use strict';
/**
 * Writes the demo data into a booted playground through the Document Service,
 * as staff would through the Content Manager. Idempotent: record types by
 * name, clients by record number, appointments by seed key.
 */
const { RECORD_TYPES, PRACTICES, STAFF, buildClients, buildAppointments } = require('./data');

const RECORD_TYPE = 'api::record-type.record-type';
const CLIENT = 'api::client.client';
const APPOINTMENT = 'api::appointment.appointment';
const DOCUMENT = 'api::document.document';
const crypto = require('crypto');
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
    'latin1'
  );

const PRACTICE = 'api::practice.practice';

/** The practice entries (by key); returns key -> documentId and how many were made. */
async function seedPracticeEntries(strapi) {
  const ids = {};
  let made = 0;
  for (const practice of PRACTICES) {
    let entry = await strapi.documents(PRACTICE).findFirst({ filters: { key: practice.key } });
    if (!entry) {
      entry = await strapi
        .documents(PRACTICE)
        .create({ data: { key: practice.key, name: practice.name } });
      made += 1;
    }
    ids[practice.key] = entry.documentId;
  }
  return { ids, made };
}

/** A practice's own settings and texts, once (staff may change them afterwards). */
async function seedPracticeSettings(strapi, practice) {
  const settings = strapi.plugin('messaging').service('settings');
  if ((await settings.get(practice.key)).practiceName) return;
  await settings.update(practice.key, practice.settings);
  if (!practice.reminderSms) return;
  const templates = strapi.plugin('messaging').service('templates');
  for (const template of await templates.list(practice.key, {
    kind: 'reminder',
    channel: 'sms',
    locale: 'de',
  }))
    await templates.update(practice.key, template.id, { body: practice.reminderSms });
}

async function seedPractice(strapi, { now = new Date() } = {}) {
  const created = { practices: 0, recordTypes: 0, clients: 0, appointments: 0 };
  const practices = await seedPracticeEntries(strapi);
  created.practices = practices.made;
  for (const practice of PRACTICES) await seedPracticeSettings(strapi, practice);

  const recordTypeIds = {};
  for (const recordType of RECORD_TYPES) {
    let existing = await strapi
      .documents(RECORD_TYPE)
      .findFirst({ filters: { name: recordType.name } });
    if (!existing) {
      existing = await strapi.documents(RECORD_TYPE).create({ data: recordType });
      created.recordTypes += 1;
    }
    recordTypeIds[recordType.name] = existing.documentId;
  }

  const clientIds = {};
  const existingClients = await strapi
    .documents(CLIENT)
    .findMany({ fields: ['recordNumber'], limit: -1 });
  for (const row of existingClients) clientIds[row.recordNumber] = row.documentId;
  const existingKeys = new Set(
    (
      await strapi.db
        .query(APPOINTMENT)
        .findMany({ select: ['seedKey'], where: { seedKey: { $startsWith: 'seed-' } } })
    ).map((row) => row.seedKey)
  );
  for (const practice of PRACTICES) {
    const practiceId = practices.ids[practice.key];
    const clients = buildClients(practice.clients);
    for (const client of clients) {
      if (clientIds[client.recordNumber]) continue;
      const recordType = RECORD_TYPES.find((type) => type.name === client.recordType);
      const doc = await strapi.documents(CLIENT).create({
        data: {
          ...client,
          practice: practiceId,
          recordType: recordTypeIds[client.recordType],
          // New records start with their record type's defaults (the plugin copies
          // them on create as well; the seed sets them so it works without it).
          notificationSettings: recordType.notificationDefaults,
        },
      });
      clientIds[client.recordNumber] = doc.documentId;
      created.clients += 1;
    }
    for (const appointment of buildAppointments(clients, now, practice.appointments)) {
      if (existingKeys.has(appointment.seedKey)) continue;
      const { clientRecordNumber, ...data } = appointment;
      await strapi.documents(APPOINTMENT).create({
        data: { ...data, practice: practiceId, client: clientIds[clientRecordNumber] },
      });
      created.appointments += 1;
    }
  }
  created.documents = 0;
  for (const [index, document] of DOCUMENTS.entries()) {
    if (!clientIds[document.recordNumber]) continue;
    if (await strapi.documents(DOCUMENT).findFirst({ filters: { title: document.title } }))
      continue;
    // Named like Strapi's own uploads (name plus random hex): a release moves the file out of
    // public/, and test files seeding side by side must not move each other's files.
    const name = `seed-document-${index + 1}_${crypto.randomBytes(5).toString('hex')}.pdf`;
    const bytes = pdfWith(document.title);
    const folder = path.join(strapi.dirs.static.public, 'uploads');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, name), bytes);
    const file = await strapi.db.query('plugin::upload.file').create({
      data: {
        name: `${document.title}.pdf`,
        hash: name.replace('.pdf', ''),
        ext: '.pdf',
        mime: 'application/pdf',
        size: bytes.length / 1000,
        url: `/uploads/${name}`,
        provider: 'local',
      },
    });
    await strapi.documents(DOCUMENT).create({
      data: { title: document.title, client: clientIds[document.recordNumber], file: file.id },
    });
    created.documents += 1;
  }
  created.usageCharges = await seedUsageHistory(strapi, now);
  return created;
}

/**
 * A year of SMS and Threema usage for the demo's usage page: sends the
 * providers "accepted" over the last 11 months and this one, charged and
 * invoiced by the plugin's own billing pass (so the figures follow the real
 * rules), after which the sends leave the log as retention would have done.
 * Skipped once the practice has any charge.
 */
async function seedUsageHistory(strapi, now) {
  const knex = strapi.db.connection;
  const name = (uid) => strapi.db.metadata.get(uid).tableName;
  const [{ n }] = await knex(name('plugin::messaging.charge'))
    .where({ practice: 'default' })
    .count({ n: '*' });
  if (Number(n) > 0) return 0;
  const zone = strapi.config.get('plugin::messaging').timeZone;
  const { DateTime } = require('luxon');
  const table = name('plugin::messaging.message');
  const thisMonth = DateTime.fromJSDate(now, { zone }).startOf('month');
  let charged = 0;
  let serial = 0;
  // Month by month, each billed ten minutes after it ended: the invoices get the dates and numbers they would have had.
  for (let back = 11; back >= 0; back -= 1) {
    const month = thisMonth.minus({ months: back });
    const sms = back === 0 ? 12 : 28 + ((back * 17) % 37);
    const threema = back === 0 ? 4 : 6 + ((back * 7) % 16);
    const at = (index) =>
      back === 0
        ? new Date(now.getTime() - (index + 1) * 60_000)
        : month.plus({ days: 9, hours: 10, minutes: index }).toJSDate();
    const rows = [];
    for (let index = 0; index < sms + threema; index += 1) {
      const channel = index < sms ? 'sms' : 'threema';
      const sentAt = at(index);
      serial += 1;
      rows.push({
        document_id: `seedusage${String(serial).padStart(15, '0')}`,
        practice: 'default',
        kind: index % 3 === 0 ? 'confirmation' : 'reminder',
        channel,
        status: 'sent',
        idempotency_key: `seed-usage:${month.toFormat('yyyy-MM')}:${index}`,
        recipient: channel === 'sms' ? '+491700000000' : 'ECHOECHO',
        body: 'Demo',
        segments: channel === 'sms' && index % 5 === 0 ? 2 : 1,
        attempts: 1,
        provider: channel === 'sms' ? 'twilio' : 'threema',
        provider_message_id: `seed-usage-${serial}`,
        history: '[]',
        charge_state: 'pending',
        sent_at: sentAt,
        created_at: sentAt,
        updated_at: sentAt,
        published_at: sentAt,
      });
    }
    for (let i = 0; i < rows.length; i += 200) await knex(table).insert(rows.slice(i, i + 200));
    const billedAt = back === 0 ? now : month.plus({ months: 1, minutes: 10 }).toJSDate();
    charged += (
      await strapi.plugin('messaging').service('billing').runForPractice('default', billedAt)
    ).charged;
  }
  await knex(table).where('idempotency_key', 'like', 'seed-usage:%').delete();
  return charged;
}

const STAFF_ROLE = 'Praxis-Team';
const OWN_PRACTICE = 'plugin::messaging.own-practice';

/**
 * The role "Praxis-Team": every messaging action but the operator's (a
 * practice neither sees the others' usage nor sets its own prices) and the
 * Content Manager on clients and appointments, each with "own practice
 * only", so its members act for the practices whose staff they are.
 * Idempotent.
 */
async function ensureStaffRole(strapi) {
  const roles = strapi.service('admin::role');
  const existing = await strapi.db.query('admin::role').findOne({ where: { name: STAFF_ROLE } });
  if (existing) return existing;
  const role = await roles.create({
    name: STAFF_ROLE,
    description: 'Staff of a practice: messaging and records of their own practices only',
  });
  const messaging = strapi
    .service('admin::permission')
    .actionProvider.values()
    .filter(
      (action) =>
        action.pluginName === 'messaging' &&
        !action.actionId.startsWith('plugin::messaging.operator.')
    )
    .map((action) => ({
      action: action.actionId,
      subject: null,
      properties: {},
      conditions: [OWN_PRACTICE],
    }));
  // every field, as Strapi's role editor stores "all fields" (an empty list shows none)
  const SYSTEM = [
    'id',
    'documentId',
    'createdAt',
    'updatedAt',
    'publishedAt',
    'createdBy',
    'updatedBy',
    'locale',
    'localizations',
  ];
  const fieldsOf = (uid) =>
    Object.keys(strapi.contentType(uid).attributes).filter((name) => !SYSTEM.includes(name));
  const records = ['read', 'create', 'update'].flatMap((verb) =>
    [CLIENT, APPOINTMENT].map((subject) => ({
      action: `plugin::content-manager.explorer.${verb}`,
      subject,
      properties: { fields: fieldsOf(subject) },
      conditions: [OWN_PRACTICE],
    }))
  );
  await roles.assignPermissions(role.id, [...messaging, ...records]);
  return role;
}

/**
 * The practices' staff (STAFF), in the role "Praxis-Team", each named in
 * their practices' staff relation; all with `password`. Returns the e-mails
 * created.
 */
async function seedStaff(strapi, password) {
  const role = await ensureStaffRole(strapi);
  const made = [];
  for (const person of STAFF) {
    let user = await strapi.db.query('admin::user').findOne({ where: { email: person.email } });
    if (!user) {
      user = await strapi.service('admin::user').create({
        email: person.email,
        firstname: person.firstname,
        lastname: person.lastname,
        password,
        isActive: true,
        registrationToken: null,
        roles: [role.id],
      });
      made.push(person.email);
    }
    for (const key of person.practices) {
      const practice = await strapi
        .documents(PRACTICE)
        .findFirst({ filters: { key }, populate: ['staff'] });
      if (!practice || practice.staff.some((member) => member.id === user.id)) continue;
      await strapi.documents(PRACTICE).update({
        documentId: practice.documentId,
        data: { staff: [...practice.staff.map((member) => member.id), user.id] },
      });
    }
  }
  return made;
}

module.exports = { seedPractice, seedStaff, STAFF };
