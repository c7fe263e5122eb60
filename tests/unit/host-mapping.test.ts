import { checkHostMapping, type SchemaLookup } from '../../server/src/domain/host-mapping';
import { EXAMPLE_HOST_MAPPING } from '../../server/src/config';

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
      consent: { type: 'component' },
      language: { type: 'enumeration', enum: ['de', 'en'] },
    },
  },
  'api::record-type.record-type': { attributes: { name: { type: 'string' }, notificationDefaults: { type: 'json' } } },
  'api::document.document': {
    attributes: { title: { type: 'string' }, file: { type: 'media' }, client: { type: 'relation', target: 'api::client.client' } },
  },
};
const lookup: SchemaLookup = (uid) => schemas[uid];
const clone = () => JSON.parse(JSON.stringify(EXAMPLE_HOST_MAPPING));

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

  it('names the key of an unknown content type and does not look further into it', () => {
    const mapping = clone();
    mapping.recordType.uid = 'api::akten-typ.akten-typ';
    const problems = checkHostMapping(mapping, lookup);
    expect(problems).toEqual([{ key: 'host.recordType.uid', message: 'no content type "api::akten-typ.akten-typ" exists' }]);
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
      message: 'relation "client" of api::appointment.appointment points to api::client.client, expected api::record-type.record-type',
    });
  });

  it('checks the status values against the enumeration', () => {
    const mapping = clone();
    mapping.appointment.statusValues.cancelled = 'abgesagt';
    expect(checkHostMapping(mapping, lookup)).toEqual([
      {
        key: 'host.appointment.statusValues.cancelled',
        message: '"abgesagt" is not a value of api::appointment.appointment.state (scheduled, cancelled)',
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
    expect(checkHostMapping(mapping, lookup)).toContainEqual({ key: 'host.client', message: 'is missing' });
  });
});
