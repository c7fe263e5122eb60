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
  return created;
}

module.exports = { seedPractice };
