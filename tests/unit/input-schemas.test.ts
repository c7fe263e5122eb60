import { parseInput, refuse, z } from '../../server/src/kernel/validation/schema';
import {
  idParamSchema,
  pagingSchema,
  queryChoice,
  queryDayOrTime,
  queryMonth,
  queryText,
  text,
} from '../../server/src/kernel/validation/fields';
import { parseBulkRequest, parseMassCancellation } from '../../server/src/bulk/validation';
import { parseSendMessage } from '../../server/src/notices/validation';
import { parseTemplate } from '../../server/src/templates/validation';

/** The field errors of a refusal: path → code, and the German reason of each. */
const refusalOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error: any) {
    expect(error.name).toBe('ValidationError');
    return (error.details.errors as any[]).map((e) => ({
      path: e.path.join('.'),
      code: e.code,
      de: e.reason.de,
    }));
  }
  throw new Error('expected a validation error');
};

describe('parseInput', () => {
  it('words a schema part without a problem of its own as "invalid", in German, never as zod’s English', () => {
    const [problem] = refusalOf(() => parseInput(z.object({ count: z.number() }), { count: 'x' }));
    expect(problem.path).toBe('count');
    expect(problem.code).toBe('invalid');
    expect(problem.de).not.toMatch(/expected|received|Invalid/i);
    expect(problem.de.length).toBeGreaterThan(5);
  });

  it('refuse() answers one field in the same shape', () => {
    expect(
      refusalOf(() =>
        refuse('recipients', { code: 'nobody', message: 'x', de: 'Niemand.', en: 'Nobody.' })
      )
    ).toEqual([{ path: 'recipients', code: 'nobody', de: 'Niemand.' }]);
  });

  it('a text: too long is measured on the value given, only spaces are empty', () => {
    const schema = z.object({ note: text(5, { required: true }) });
    expect(refusalOf(() => parseInput(schema, { note: 'abcdefg' }))).toEqual([
      expect.objectContaining({ path: 'note', code: 'too-long' }),
    ]);
    expect(refusalOf(() => parseInput(schema, { note: '   ' }))[0].code).toBe('empty');
    expect(refusalOf(() => parseInput(schema, {}))[0].code).toBe('empty');
    expect(parseInput(schema, { note: 'ok' })).toEqual({ note: 'ok' });
  });
});

describe('paging and ids', () => {
  it('takes plain digits, defaults empty and missing, refuses 1e3 and too large pages', () => {
    expect(parseInput(pagingSchema(), {})).toEqual({ page: 1, pageSize: 25 });
    expect(parseInput(pagingSchema(), { page: '', pageSize: '50' })).toEqual({
      page: 1,
      pageSize: 50,
    });
    expect(
      refusalOf(() => parseInput(pagingSchema(), { page: '1e3', pageSize: '101' })).map(
        (e) => e.path
      )
    ).toEqual(['page', 'pageSize']);
  });

  it('an id parameter names the thing it should be', () => {
    expect(parseInput(idParamSchema('message'), { id: '42' })).toEqual({ id: 42 });
    const [problem] = refusalOf(() => parseInput(idParamSchema('message'), { id: '4x' }));
    expect(problem.path).toBe('id');
    expect(problem.de).toMatch(/Nachricht/);
  });
});

describe('query parameters', () => {
  const schema = z.object({
    status: queryChoice(['queued', 'sent'] as const),
    q: queryText(5),
    from: queryDayOrTime(),
    month: queryMonth(),
  });

  it('empty or missing is undefined; a search text is cut, not refused', () => {
    expect(parseInput(schema, { status: '', q: 'Müller-Lüdenscheidt' })).toEqual({
      status: undefined,
      q: 'Mülle',
      from: undefined,
      month: undefined,
    });
    expect(
      parseInput(schema, { status: 'sent', from: '2027-01-05T10:00:00Z', month: '2027-12' })
    ).toMatchObject({ status: 'sent', from: '2027-01-05T10:00:00Z', month: '2027-12' });
  });

  it('a parameter given twice, an unknown choice, a false day and month 13 are each named', () => {
    const problems = refusalOf(() =>
      parseInput(schema, { status: 'lost', q: ['a', 'b'], from: '2027-02-30', month: '2027-13' })
    );
    expect(Object.fromEntries(problems.map((e) => [e.path, e.code]))).toEqual({
      status: 'not-one-of',
      q: 'repeated',
      from: 'not-a-date',
      month: 'not-a-month',
    });
    expect(problems.every((e) => e.de && !/Invalid|expected/.test(e.de))).toBe(true);
  });
});

describe('bulk request', () => {
  const ok = { recipients: { all: true }, channel: 'sms', text: 'Praxis geschlossen' };

  it('passes a good request through', () => {
    expect(parseBulkRequest(ok)).toEqual(ok);
    expect(
      parseBulkRequest({
        ...ok,
        recipients: { appointmentsFrom: '2027-01-04', appointmentsTo: '2027-01-05' },
      }).recipients
    ).toEqual({ appointmentsFrom: '2027-01-04', appointmentsTo: '2027-01-05' });
  });

  it('names every bad field at once', () => {
    expect(
      refusalOf(() =>
        parseBulkRequest({ recipients: { clientIds: [] }, channel: 'fax', text: ' ' })
      )
        .map((e) => e.path)
        .sort()
    ).toEqual(['channel', 'recipients.clientIds', 'text']);
  });

  it('wants exactly one choice of recipients, and a period in order', () => {
    expect(
      refusalOf(() => parseBulkRequest({ ...ok, recipients: { all: true, clientIds: ['a'] } }))
    ).toEqual([expect.objectContaining({ path: 'recipients', code: 'recipients' })]);
    expect(
      refusalOf(() =>
        parseBulkRequest({
          ...ok,
          recipients: { appointmentsFrom: '2027-01-05', appointmentsTo: '2027-01-04' },
        })
      )
    ).toEqual([expect.objectContaining({ path: 'recipients.appointmentsTo', code: 'order' })]);
    expect(
      refusalOf(() => parseBulkRequest({ ...ok, recipients: { appointmentsFrom: '2027-02-30' } }))
        .map((e) => e.path)
        .sort()
    ).toEqual(['recipients.appointmentsFrom', 'recipients.appointmentsTo']);
    expect(refusalOf(() => parseBulkRequest({ ...ok, recipients: undefined }))[0].path).toBe(
      'recipients'
    );
  });

  it('a body that is no object is one problem under "body"', () => {
    expect(refusalOf(() => parseBulkRequest('hallo'))).toEqual([
      expect.objectContaining({ path: 'body', code: 'not-object' }),
    ]);
  });
});

describe('mass cancellation request', () => {
  const today = '2027-01-04';

  it('sorts and de-duplicates days and fills in the defaults', () => {
    expect(
      parseMassCancellation({ days: ['2027-01-06', '2027-01-05', '2027-01-06'] }, today)
    ).toEqual({
      days: ['2027-01-05', '2027-01-06'],
      from: undefined,
      to: undefined,
      channel: 'auto',
      perClient: {},
      waitlist: false,
      reason: null,
    });
    expect(
      parseMassCancellation(
        { appointmentIds: ['a1'], reason: '  Krankheit ', waitlist: true },
        today
      )
    ).toMatchObject({ appointmentIds: ['a1'], reason: 'Krankheit', waitlist: true });
  });

  it('names every bad field at once, days in the past among them', () => {
    expect(
      refusalOf(() =>
        parseMassCancellation(
          { days: ['2027-01-03'], channel: 'fax', perClient: { c1: 'brief' }, waitlist: 'ja' },
          today
        )
      )
        .map((e) => e.path)
        .sort()
    ).toEqual(['channel', 'days.0', 'perClient.c1', 'waitlist']);
    expect(
      refusalOf(() => parseMassCancellation({ days: ['2027-01-05'], appointmentIds: ['a'] }, today))
    ).toEqual([expect.objectContaining({ path: 'days', code: 'days-or-appointments' })]);
  });

  it('a body that is null, a text or a list is one problem under "body", not a crash', () => {
    for (const body of [null, 'days', ['2027-01-05']])
      expect(refusalOf(() => parseMassCancellation(body, today))).toEqual([
        expect.objectContaining({ path: 'body' }),
      ]);
  });
});

describe('manual message request', () => {
  it('takes the header key when the body gives none, and turns Windows line ends into one', () => {
    expect(
      parseSendMessage({ channel: 'sms', to: '0151 1234567', body: 'Hallo\r\nWelt' }, 'key-12345')
    ).toMatchObject({ body: 'Hallo\nWelt', idempotencyKey: 'key-12345' });
    expect(
      parseSendMessage({ channel: 'sms', to: 'x', body: 'y', idempotencyKey: 'body-key-1' }, 'h-1')
        .idempotencyKey
    ).toBe('body-key-1');
  });

  it('names every bad field at once, the missing recipient among them', () => {
    expect(
      Object.fromEntries(
        refusalOf(() =>
          parseSendMessage({ channel: 'fax', body: ' ', kind: 'bulk', idempotencyKey: 'kurz' })
        ).map((e) => [e.path, e.code])
      )
    ).toEqual({
      channel: 'not-one-of',
      body: 'empty',
      kind: 'not-one-of',
      idempotencyKey: 'idempotency-key',
      to: 'no-recipient',
    });
  });

  it('measures the body by its channel: SMS and e-mail in characters, Threema in bytes', () => {
    const ok = { to: 'x', body: 'ä'.repeat(1600) };
    expect(parseSendMessage({ ...ok, channel: 'sms' }).body).toHaveLength(1600);
    // 1,751 characters, 3,502 bytes: within Threema's characters, beyond its 3,500 bytes
    expect(
      refusalOf(() => parseSendMessage({ ...ok, channel: 'threema', body: 'ä'.repeat(1751) }))
    ).toEqual([expect.objectContaining({ path: 'body', code: 'threema-too-long' })]);
    expect(
      refusalOf(() => parseSendMessage({ ...ok, channel: 'sms', body: 'a'.repeat(1601) }))
    ).toEqual([expect.objectContaining({ path: 'body', code: 'too-long' })]);
  });
});

describe('template request', () => {
  const existing = {
    id: 7,
    practice: 'p',
    kind: 'reminder',
    channel: 'sms',
    addressForm: 'formal',
    locale: 'de',
    name: 'Erinnerung',
    subject: null,
    body: 'Hallo {{client.firstName}}',
    isDefault: true,
    updatedAt: null,
  } as const;

  it('a change keeps what it does not name, and a saved template is no longer the default', () => {
    expect(parseTemplate({ body: 'Neu\r\n{{appointment.date}}' }, { ...existing })).toEqual({
      kind: 'reminder',
      channel: 'sms',
      addressForm: 'formal',
      locale: 'de',
      name: 'Erinnerung',
      subject: null,
      body: 'Neu\n{{appointment.date}}',
      isDefault: false,
    });
    expect(parseTemplate({ name: null, kind: null }, { ...existing })).toMatchObject({
      name: null,
      kind: 'reminder',
    });
  });

  it('a new one needs kind, channel and text; form of address and language default', () => {
    expect(parseTemplate({ kind: 'bulk', channel: 'email', body: 'x' })).toMatchObject({
      addressForm: 'formal',
      locale: 'de',
    });
    expect(
      refusalOf(() => parseTemplate({ body: '' }))
        .map((e) => e.path)
        .sort()
    ).toEqual(['body', 'channel', 'kind']);
  });

  it('lengths first, then the Handlebars, each named in German', () => {
    const [tooLong] = refusalOf(() =>
      parseTemplate({ body: `{{#if x}}${'a'.repeat(5000)}` }, { ...existing })
    );
    expect(tooLong).toMatchObject({ path: 'body', code: 'too-long' });
    const [broken] = refusalOf(() => parseTemplate({ body: 'Hallo {{#if x}}' }, { ...existing }));
    expect(broken).toMatchObject({ path: 'body', code: 'template' });
    expect(broken.de).not.toMatch(/Parse error|Expecting/);
  });
});

describe('a body that is no object', () => {
  it.each([null, 'Hallo', ['sms']])(
    'is one problem under "body" for a message and a template, not a crash: %p',
    (body) => {
      for (const parse of [() => parseSendMessage(body, 'header-key-1'), () => parseTemplate(body)])
        expect(refusalOf(parse)).toEqual([
          expect.objectContaining({ path: 'body', code: 'not-object' }),
        ]);
    }
  );
});
