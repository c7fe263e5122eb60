import {
  checkHostMapping,
  resolveConsent,
  type HostMapping,
  type SchemaLookup,
} from '../../server/src/host/domain/mapping';
import playgroundPlugins from '../../playground/config/plugins';

/** The playground's mapping, read from its config/plugins.ts: the plugin itself has none. */
const playgroundEnv = ((_key: string, fallback?: unknown) => fallback) as unknown as Parameters<
  typeof playgroundPlugins
>[0]['env'];
const EXAMPLE_HOST_MAPPING = (
  playgroundPlugins({ env: playgroundEnv }).messaging as { config: { host: HostMapping } }
).config.host;

const schemas: Record<string, { attributes: Record<string, any> }> = {
  'api::appointment.appointment': {
    attributes: {
      start: { type: 'datetime' },
      end: { type: 'datetime' },
      state: { type: 'enumeration', enum: ['scheduled', 'cancelled'] },
      client: { type: 'relation', target: 'api::client.client' },
      location: { type: 'string' },
      mode: { type: 'enumeration', enum: ['onsite', 'online'] },
      onlineLink: { type: 'string' },
      note: { type: 'text' },
      practice: { type: 'relation', target: 'api::practice.practice' },
    },
  },
  'api::practice.practice': {
    attributes: {
      name: { type: 'string' },
      key: { type: 'uid' },
      staff: { type: 'relation', target: 'admin::user' },
    },
  },
  'api::client.client': {
    attributes: {
      firstName: { type: 'string' },
      lastName: { type: 'string' },
      salutation: { type: 'enumeration', enum: ['Frau', 'Herr'] },
      formalAddress: { type: 'boolean' },
      mobile: { type: 'string' },
      email: { type: 'email' },
      threemaId: { type: 'string' },
      recordType: { type: 'relation', target: 'api::record-type.record-type' },
      notificationSettings: { type: 'json' },
      consent: { type: 'component', component: 'shared.consent', repeatable: true },
      language: { type: 'enumeration', enum: ['de', 'en'] },
      practice: { type: 'relation', target: 'api::practice.practice' },
    },
  },
  'api::record-type.record-type': {
    attributes: { name: { type: 'string' }, notificationDefaults: { type: 'json' } },
  },
  'shared.consent': {
    attributes: {
      channel: { type: 'enumeration', enum: ['sms', 'threema', 'email'] },
      granted: { type: 'boolean' },
      date: { type: 'datetime' },
      source: { type: 'string' },
    },
  },
  // an adopter's own names: German, consent as one boolean per channel, or as a component with its own inner names
  'api::patient.patient': {
    attributes: {
      vorname: { type: 'string' },
      nachname: { type: 'string' },
      handy: { type: 'string' },
      smsErlaubt: { type: 'boolean' },
      emailErlaubt: { type: 'boolean' },
      notiz: { type: 'text' },
      einwilligung: { type: 'component', component: 'praxis.einwilligung', repeatable: true },
      einwilligungJson: { type: 'json' },
    },
  },
  'praxis.einwilligung': {
    attributes: { kanal: { type: 'string' }, erteilt: { type: 'boolean' }, am: { type: 'date' } },
  },
  'api::termin.termin': {
    attributes: {
      beginn: { type: 'datetime' },
      zustand: { type: 'enumeration', enum: ['geplant', 'abgesagt'] },
      patient: { type: 'relation', target: 'api::patient.patient' },
      praxis: { type: 'enumeration', enum: ['nord', 'sued', 'praxis am see'] },
      notiz: { type: 'text' },
    },
  },
  'api::document.document': {
    attributes: {
      title: { type: 'string' },
      file: { type: 'media' },
      client: { type: 'relation', target: 'api::client.client' },
    },
  },
};
const lookup: SchemaLookup = (uid) => schemas[uid];
const clone = () => JSON.parse(JSON.stringify(EXAMPLE_HOST_MAPPING));
const adopter = (consent?: unknown): HostMapping =>
  JSON.parse(
    JSON.stringify({
      appointment: {
        uid: 'api::termin.termin',
        fields: { start: 'beginn', status: 'zustand', client: 'patient' },
        statusValues: { scheduled: 'geplant', cancelled: 'abgesagt' },
      },
      client: {
        uid: 'api::patient.patient',
        fields: {
          firstName: 'vorname',
          lastName: 'nachname',
          mobile: 'handy',
          ...(consent === undefined ? {} : { consent }),
        },
      },
    })
  );

describe('checkHostMapping', () => {
  it('accepts the documented example mapping', () => {
    expect(checkHostMapping(EXAMPLE_HOST_MAPPING, lookup)).toEqual([]);
  });

  it('names the key of an attribute that does not exist', () => {
    const mapping = clone();
    mapping.client.fields.mobile = 'handy';
    expect(checkHostMapping(mapping, lookup)).toEqual([
      { key: 'host.client.fields.mobile', message: 'api::client.client has no attribute "handy"' },
    ]);
  });

  it('names a misspelt field key and lists every key it knows, consent included', () => {
    const mapping = clone();
    mapping.client.fields.mobil = 'mobile';
    const [problem] = checkHostMapping(mapping, lookup);
    expect(problem.key).toBe('host.client.fields.mobil');
    expect(problem.message).toMatch(
      /^is not a field the plugin knows \(.*\bmobile\b.*\bconsent\)$/
    );
  });

  it('names the key of an unknown content type and does not look further into it', () => {
    const mapping = clone();
    mapping.recordType.uid = 'api::akten-typ.akten-typ';
    const problems = checkHostMapping(mapping, lookup);
    expect(problems).toEqual([
      { key: 'host.recordType.uid', message: 'no content type "api::akten-typ.akten-typ" exists' },
    ]);
  });

  it('refuses an attribute of the wrong kind', () => {
    const mapping = clone();
    mapping.appointment.fields.end = 'location';
    expect(checkHostMapping(mapping, lookup)[0]).toMatchObject({
      key: 'host.appointment.fields.end',
      message: expect.stringContaining('is a string, expected datetime'),
    });
  });

  it('refuses a relation that points to another type than the mapped one', () => {
    const mapping = clone();
    mapping.client.uid = 'api::record-type.record-type';
    mapping.client.fields = { firstName: 'name', lastName: 'name', mobile: 'name', email: 'name' };
    schemas['api::appointment.appointment'].attributes.client.target = 'api::client.client';
    const problems = checkHostMapping(mapping, lookup);
    expect(problems).toContainEqual({
      key: 'host.appointment.fields.client',
      message:
        'relation "client" of api::appointment.appointment points to api::client.client, expected api::record-type.record-type',
    });
  });

  it('checks the status values against the enumeration', () => {
    const mapping = clone();
    mapping.appointment.statusValues.cancelled = 'abgesagt';
    expect(checkHostMapping(mapping, lookup)).toEqual([
      {
        key: 'host.appointment.statusValues.cancelled',
        message:
          '"abgesagt" is not a value of api::appointment.appointment.state (scheduled, cancelled)',
      },
    ]);
  });

  it('lets optional fields be left out, and the document section too', () => {
    const mapping = clone();
    delete mapping.appointment.fields.note;
    delete mapping.client.fields.threemaId;
    delete mapping.document;
    expect(checkHostMapping(mapping, lookup)).toEqual([]);
  });

  it('reports a missing required section', () => {
    const mapping = clone();
    delete mapping.client;
    expect(checkHostMapping(mapping, lookup)).toContainEqual({
      key: 'host.client',
      message: 'is missing',
    });
  });

  it('stops a host without any mapping with a message that says so and shows a minimal one', () => {
    const [problem] = checkHostMapping(undefined, lookup);
    expect(problem.key).toBe('host');
    expect(problem.message).toMatch(/is missing.*appointment:.*statusValues.*client:/s);
  });

  it("needs neither record types nor documents nor end, location or e-mail: the adopter's minimal mapping passes", () => {
    expect(checkHostMapping(adopter(), lookup)).toEqual([]);
  });

  it('names each required field that is left out, and a client it could not reach at all', () => {
    const mapping = adopter();
    delete (mapping.appointment.fields as Partial<typeof mapping.appointment.fields>).start;
    delete mapping.client.fields.mobile;
    expect(checkHostMapping(mapping, lookup)).toEqual([
      { key: 'host.appointment.fields.start', message: 'is required' },
      {
        key: 'host.client.fields',
        message: 'maps none of mobile, email and threemaId: the plugin could reach nobody',
      },
    ]);
  });

  it('refuses a record-type relation when no record-type section is mapped', () => {
    const mapping = clone();
    delete mapping.recordType;
    expect(checkHostMapping(mapping, lookup)).toEqual([
      {
        key: 'host.client.fields.recordType',
        message: 'needs the section host.recordType, which is not mapped',
      },
    ]);
  });

  it('takes consent as one boolean per channel, and refuses a non-boolean or an unknown channel', () => {
    expect(checkHostMapping(adopter({ sms: 'smsErlaubt', email: 'emailErlaubt' }), lookup)).toEqual(
      []
    );
    expect(checkHostMapping(adopter({ sms: 'notiz' }), lookup)).toEqual([
      {
        key: 'host.client.fields.consent.sms',
        message: 'attribute "notiz" of api::patient.patient is a text, expected boolean',
      },
    ]);
    expect(
      checkHostMapping(adopter({ sms: 'smsErlaubt', fax: 'emailErlaubt' }), lookup)[0]
    ).toMatchObject({ key: 'host.client.fields.consent' });
    expect(checkHostMapping(adopter({ sms: 'gibtsNicht' }), lookup)).toEqual([
      {
        key: 'host.client.fields.consent.sms',
        message: 'api::patient.patient has no attribute "gibtsNicht"',
      },
    ]);
  });

  it("takes consent as a component with the host's own inner names, and checks them", () => {
    expect(
      checkHostMapping(
        adopter({
          attribute: 'einwilligung',
          fields: { channel: 'kanal', granted: 'erteilt', date: 'am' },
        }),
        lookup
      )
    ).toEqual([]);
    // the default inner names do not exist in this component
    expect(checkHostMapping(adopter('einwilligung'), lookup)).toEqual([
      {
        key: 'host.client.fields.consent.fields.channel',
        message: 'the consent component praxis.einwilligung has no attribute "channel"',
      },
      {
        key: 'host.client.fields.consent.fields.granted',
        message: 'the consent component praxis.einwilligung has no attribute "granted"',
      },
    ]);
    expect(
      checkHostMapping(
        adopter({ attribute: 'einwilligung', fields: { channel: 'kanal', granted: 'am' } }),
        lookup
      )
    ).toContainEqual({
      key: 'host.client.fields.consent.fields.granted',
      message: 'attribute "am" of praxis.einwilligung is a date, expected boolean',
    });
  });

  it('takes a JSON attribute as the consent list, and refuses any other kind', () => {
    expect(checkHostMapping(adopter('einwilligungJson'), lookup)).toEqual([]);
    expect(checkHostMapping(adopter('notiz'), lookup)).toEqual([
      {
        key: 'host.client.fields.consent',
        message:
          'attribute "notiz" of api::patient.patient is a text, expected a repeatable component or json',
      },
    ]);
  });

  it('resolves the three consent shapes', () => {
    expect(resolveConsent(undefined)).toBeNull();
    expect(resolveConsent('consent')).toEqual({
      kind: 'entries',
      attribute: 'consent',
      names: { channel: 'channel', granted: 'granted', date: 'date', source: 'source' },
    });
    expect(resolveConsent({ attribute: 'e', fields: { channel: 'k', granted: 'g' } })).toEqual({
      kind: 'entries',
      attribute: 'e',
      names: { channel: 'k', granted: 'g', date: 'date', source: 'source' },
    });
    expect(resolveConsent({ sms: 'a', email: 'b' })).toEqual({
      kind: 'flags',
      attributes: { sms: 'a', email: 'b' },
    });
  });
});

describe('checkHostMapping: host.practice', () => {
  const withPractice = (practice: unknown) => ({ ...clone(), practice });

  it('accepts the playground’s relation to its practice type and a single-practice mapping without it', () => {
    expect(EXAMPLE_HOST_MAPPING.practice).toMatchObject({ uid: 'api::practice.practice' });
    const single = clone();
    delete single.practice;
    expect(checkHostMapping(single, lookup)).toEqual([]);
  });

  it('names what is wrong: no attribute, a relation without uid, a wrong target, a staff relation not to admin users', () => {
    expect(checkHostMapping(withPractice({ client: 'praxis' }), lookup)).toEqual([
      { key: 'host.practice.client', message: 'api::client.client has no attribute "praxis"' },
    ]);
    expect(checkHostMapping(withPractice({ client: 'practice' }), lookup)[0]).toMatchObject({
      key: 'host.practice.client',
      message: expect.stringMatching(/is a relation: name its target as host.practice.uid/),
    });
    expect(
      checkHostMapping(
        withPractice({ uid: 'api::practice.practice', client: 'recordType' }),
        lookup
      )[0]
    ).toEqual({
      key: 'host.practice.client',
      message:
        'relation "recordType" of api::client.client points to api::record-type.record-type, expected api::practice.practice',
    });
    expect(
      checkHostMapping(
        withPractice({
          uid: 'api::practice.practice',
          fields: { staff: 'name' },
          client: 'practice',
        }),
        lookup
      )
    ).toEqual([
      {
        key: 'host.practice.fields.staff',
        message: 'attribute "name" of api::practice.practice must be a relation to admin::user',
      },
    ]);
    expect(checkHostMapping(withPractice({}), lookup)).toEqual([
      {
        key: 'host.practice',
        message: 'names neither client nor appointment: where is the practice?',
      },
    ]);
    expect(
      checkHostMapping(withPractice({ uid: 'api::nope.nope', client: 'practice' }), lookup)[0]
    ).toEqual({
      key: 'host.practice.uid',
      message: 'no content type "api::nope.nope" exists',
    });
  });

  it('refuses enumeration values that cannot be practice keys', () => {
    const mapping = adopter();
    (mapping as any).practice = { appointment: 'praxis' };
    expect(checkHostMapping(mapping, lookup)).toEqual([
      {
        key: 'host.practice.appointment',
        message:
          'values praxis am see of api::termin.termin.praxis are not practice keys (1-63 letters, digits, "-" or "_")',
      },
    ]);
    (mapping as any).practice = { appointment: 'notiz' };
    expect(checkHostMapping(mapping, lookup)[0].message).toBe(
      'attribute "notiz" of api::termin.termin is a text, expected string, uid or enumeration'
    );
  });
});
