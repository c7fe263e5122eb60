'use strict';
/**
 * Deterministic German demo data for the playground practice. Pure: the same
 * `now` gives the same records, so the seed can be re-run without duplicates
 * (clients are keyed by record number, appointments by seed key).
 */
const { DateTime } = require('luxon');

const ZONE = 'Europe/Berlin';

/** Small deterministic PRNG (mulberry32), so the data does not change between runs. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const all = (email, sms, threema) => ({ email, sms, threema });

const RECORD_TYPES = [
  {
    name: 'Erwachsene Einzeltherapie',
    description: 'Psychotherapie für Erwachsene, Einzelsitzungen à 50 Minuten.',
    notificationDefaults: {
      confirmation: all(true, false, true),
      change: all(true, true, true),
      reminder: { ...all(false, true, true), offsetsHours: [48, 24] },
      cancellation: all(true, true, true),
    },
  },
  {
    name: 'Kinder- und Jugendlichentherapie',
    description: 'Termine werden an die Eltern bzw. Sorgeberechtigten geschickt.',
    notificationDefaults: {
      confirmation: all(true, false, false),
      change: all(true, true, false),
      reminder: { ...all(true, true, false), offsetsHours: [24] },
      cancellation: all(true, true, false),
    },
  },
  {
    name: 'Paartherapie',
    description: 'Doppelsitzungen à 90 Minuten.',
    notificationDefaults: {
      confirmation: all(true, false, false),
      change: all(true, false, false),
      reminder: { ...all(true, false, true), offsetsHours: [72, 24] },
      cancellation: all(true, true, true),
    },
  },
];

const FEMALE = [
  'Anna',
  'Lea',
  'Sophie',
  'Marie',
  'Hannah',
  'Jana',
  'Katharina',
  'Jutta',
  'Ursula',
  'Brigitte',
  'Änne',
  'Zoë',
  'Franziska',
  'Mareike',
  'Özlem',
  'Sabine',
  'Henriette-Luise',
  'Charlotte',
  'Gülay',
  'Dörte',
];
const MALE = [
  'Jonas',
  'Lukas',
  'Felix',
  'Maximilian',
  'Björn',
  'Jörg',
  'Sören',
  'Ömer',
  'Karl-Heinz',
  'Günther',
  'Paul',
  'Matthias',
  'Tobias',
  'Hans-Jürgen',
  'Emil',
  'Levent',
  'Niklas',
  'Malte',
  'Uwe',
  'Friedrich-Wilhelm',
];
const LAST = [
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann',
  'Schäfer',
  'Koch',
  'Bauer',
  'Richter',
  'Klein',
  'Wolf',
  'Schröder',
  'Neumann',
  'Schwarz',
  'Zimmermann',
  'Braun',
  'Krüger',
  'Hofmann',
  'Hartmann',
  'Lange',
  'Schmitt',
  'Werner',
  'Krause',
  'Köhler',
  'Yılmaz',
  'Öztürk',
  'Nguyen',
  'Jäger',
  'Groß',
  'Böhm',
];
const DOUBLE_LAST = [
  'Müller-Lüdenscheidt',
  'Schäfer-Großkopf',
  'von Hohenlohe-Schillingsfürst',
  'Graf von Württemberg-Böhmer',
  'Hoffmann-Rübenstrünker',
  'Dürrenmatt-Oberkötter',
  'Freifrau von Bülow-Märzenbecher',
];
const LOCATIONS = [
  'Praxisraum 1, Hauptstraße 12, 10115 Berlin',
  'Praxisraum 2 (Dachgeschoss), Hauptstraße 12, 10115 Berlin',
  'Gruppenraum „Lindenblatt“, Hinterhaus, Hauptstraße 12a, 10115 Berlin',
];

const pad = (n, width) => String(n).padStart(width, '0');

/** 60 clients with the mix the issue asks for (fewer, under another prefix, for a second practice). */
function buildClients({ count = 60, prefix = 'A', seed = 20261127 } = {}) {
  const random = prng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const clients = [];
  for (let i = 1; i <= count; i += 1) {
    const female = random() < 0.6;
    const firstName = pick(female ? FEMALE : MALE);
    const lastName = i % 9 === 0 ? DOUBLE_LAST[(i / 9 - 1) % DOUBLE_LAST.length] : pick(LAST);
    const recordType = RECORD_TYPES[i % 3].name;
    const slug = `${firstName}.${lastName}`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ı/g, 'i')
      .replace(/[^a-z.]/g, '');

    // The mix: every 7th client has no mobile (e-mail only), every 11th only a
    // landline, every 4th a Threema ID, and 3 have a landline typed into the mobile field.
    let mobile = `+49 1${pick(['51', '52', '57', '60', '62', '70', '71', '76'])} ${pad(Math.floor(random() * 1e7), 7)}`;
    let landline = null;
    if (i % 7 === 0) mobile = null;
    if (i % 11 === 0) {
      mobile = null;
      landline = `030 ${pad(Math.floor(random() * 1e7), 8)}`;
    }
    if (i === 5 || i === 25 || i === 50) mobile = `030 ${pad(Math.floor(random() * 1e7), 8)}`;
    const threemaId =
      i % 4 === 0
        ? `${'ABCDEFGHJKLMNPQRSTUVWXYZ'[i % 24]}${pad(i * 7919, 7)}`.slice(0, 8).toUpperCase()
        : null;
    const email = i % 13 === 0 ? null : `${slug}@example.org`;
    const since = DateTime.fromISO('2025-01-06')
      .plus({ days: i * 5 })
      .toISODate();
    const consent = [
      { channel: 'email', granted: true, date: since, source: 'Behandlungsvertrag' },
      ...(mobile
        ? [{ channel: 'sms', granted: i % 10 !== 3, date: since, source: 'Anmeldebogen' }]
        : []),
      ...(threemaId
        ? [{ channel: 'threema', granted: true, date: since, source: 'mündlich, in der Sitzung' }]
        : []),
    ];
    clients.push({
      recordNumber: `${prefix}-2025-${pad(i, 4)}`,
      salutation: female ? 'Frau' : i % 17 === 0 ? 'Divers' : 'Herr',
      firstName,
      lastName,
      formalAddress: i % 5 !== 0,
      language: i % 15 === 0 ? 'en' : 'de',
      mobile,
      landline,
      email,
      threemaId,
      recordType,
      consent,
    });
  }
  return clients;
}

/**
 * 200 appointments on working days of the next four weeks, 8:00-20:00 in
 * Berlin, 50 minutes (90 for couples), without overlaps. Keys are stable per
 * slot index, so a re-run finds the ones it made.
 */
function buildAppointments(
  clients,
  now = DateTime.now(),
  { count = 200, keyPrefix = 'seed-', seed = 424242 } = {}
) {
  const random = prng(seed);
  const start = DateTime.fromJSDate(now instanceof Date ? now : now.toJSDate(), { zone: ZONE })
    .startOf('day')
    .plus({ days: 1 });
  const slots = [];
  for (let day = 0; day < 28 && slots.length < count; day += 1) {
    const date = start.plus({ days: day });
    if (date.weekday > 5) continue;
    for (let hour = 8; hour <= 19 && slots.length < count; hour += 1) {
      if (random() < 0.1) continue;
      slots.push(date.set({ hour, minute: 0 }));
    }
  }
  // Not enough free slots on weekdays of four weeks: fill Saturdays mornings.
  for (let day = 0; slots.length < count && day < 28; day += 1) {
    const date = start.plus({ days: day });
    if (date.weekday !== 6) continue;
    for (let hour = 9; hour <= 12 && slots.length < count; hour += 1)
      slots.push(date.set({ hour, minute: 30 }));
  }
  return slots.map((slot, index) => {
    const client = clients[(index * 7) % clients.length];
    const couples = client.recordType === 'Paartherapie';
    const online = index % 6 === 0;
    return {
      seedKey: `${keyPrefix}${pad(index, 3)}`,
      clientRecordNumber: client.recordNumber,
      start: slot.toUTC().toISO(),
      end: slot
        .plus({ minutes: couples ? 90 : 50 })
        .toUTC()
        .toISO(),
      state: index % 25 === 24 ? 'cancelled' : 'scheduled',
      mode: online ? 'online' : 'onsite',
      location: online ? null : LOCATIONS[index % LOCATIONS.length],
      onlineLink: online ? `https://video.example.org/raum/${pad(index, 4)}` : null,
      note: index % 10 === 0 ? 'Bitte Überweisungsschein mitbringen.' : null,
    };
  });
}

/**
 * The platform's practices: the first holds the 60 clients above and keeps
 * the installation's default key (rows without a practice are its rows), the
 * second is smaller, with its own clients, appointments, settings and texts.
 */
const PRACTICES = [
  {
    key: 'default',
    name: 'Praxis Lindenblatt',
    settings: {
      practiceName: 'Praxis Lindenblatt',
      practicePhone: '030 1234567',
      practiceEmail: 'praxis@example.org',
    },
    clients: {},
    appointments: {},
  },
  {
    key: 'am-see',
    name: 'Praxis am See',
    settings: {
      practiceName: 'Praxis am See',
      practicePhone: '0331 765432',
      practiceEmail: 'kontakt@praxis-am-see.example',
      smsSenderId: 'PraxisSee',
      smsEnabled: true,
    },
    clients: { count: 12, prefix: 'B', seed: 20261203 },
    appointments: { count: 30, keyPrefix: 'seed-b-', seed: 777 },
    // its own reminder text (the other practice keeps the shipped one)
    reminderSms:
      '{{> salutation}}, die Praxis am See erinnert an den Termin am {{appointment.date}} um {{appointment.time}}. Bis bald am See!',
  },
];

/**
 * Staff of the practices (admin users in the role "Praxis-Team", whose
 * permissions carry "own practice only"): one of each practice, one of both.
 */
const STAFF = [
  {
    email: 'lena@lindenblatt.example',
    firstname: 'Lena',
    lastname: 'Linde',
    practices: ['default'],
  },
  { email: 'jonas@am-see.example', firstname: 'Jonas', lastname: 'See', practices: ['am-see'] },
  {
    email: 'mara@praxen.example',
    firstname: 'Mara',
    lastname: 'Beide',
    practices: ['default', 'am-see'],
  },
];

module.exports = { RECORD_TYPES, PRACTICES, STAFF, buildClients, buildAppointments, ZONE };
