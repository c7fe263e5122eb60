import {
  checkTemplate,
  renderTemplate,
  TemplateError,
} from '../../server/src/templates/domain/templates';
import { buildTemplateContext, exampleContext } from '../../server/src/templates/domain/context';
import { defaultTemplates } from '../../server/src/templates/domain/defaults';
import { analyzeSms, smartEncode, smartEncodingSuggestion, smsWarnings } from '../../shared/sms';

const berlin = { locale: 'de' as const, timeZone: 'Europe/Berlin' };
const partialsFor = (channel: string, addressForm: string, locale: string) => {
  const all = defaultTemplates();
  const find = (kind: string) =>
    all.find(
      (t) =>
        t.kind === kind &&
        t.channel === channel &&
        t.addressForm === addressForm &&
        t.locale === locale
    )!.body;
  return { salutation: find('salutation'), greeting: find('greeting') };
};

describe('template checks at save time', () => {
  it('accepts the documented placeholders, helpers and partials', () => {
    expect(
      checkTemplate(
        '{{> salutation}}, {{#if (eq appointment.online true)}}online{{else}}{{appointment.location}}{{/if}} {{dateTime appointment.start}}'
      )
    ).toEqual([]);
  });

  it('names an unknown placeholder with line and column', () => {
    expect(checkTemplate('Hallo\n  {{client.vorname}} und {{appointment.time}}')).toEqual([
      {
        message: 'unknown placeholder "client.vorname"',
        de: 'Den Platzhalter „client.vorname“ gibt es nicht.',
        en: 'There is no placeholder "client.vorname".',
        line: 2,
        column: 3,
      },
    ]);
  });

  it('names a syntax error in plain words, in German and English, where it starts', () => {
    const [problem] = checkTemplate('Zeile eins\nHallo {{client.firstName}');
    expect(problem.message).toMatch(/^syntax error/);
    expect(problem).toMatchObject({
      line: 2,
      column: 7,
      de: '„{{“ in Zeile 2 wird nicht mit „}}“ geschlossen.',
      en: '"{{" in line 2 is never closed with "}}".',
    });
    expect(checkTemplate('{{#if appointment.online}}x{{/unless}}')[0]).toMatchObject({
      line: 1,
      message: expect.stringContaining("if doesn't match unless"),
      de: '„{{/unless}}“ in Zeile 1 passt nicht zu „{{#if}}“ aus Zeile 1: dort gehört „{{/if}}“ hin.',
    });
    // the shipped editor's most common slip: a block that is never closed (Handlebars: "Expecting 'OPEN_INVERSE_CHAIN', got 'EOF'")
    const [unclosed] = checkTemplate(
      'Hallo {{client.firstName}},\n{{#if appointment.online}}Online-Termin{{else}}{{appointment.location}}'
    );
    expect(unclosed).toMatchObject({
      line: 2,
      column: 1,
      de: '„{{#if}}“ aus Zeile 2 wird nie geschlossen: „{{/if}}“ fehlt.',
      en: '"{{#if}}" opened in line 2 is never closed: "{{/if}}" is missing.',
    });
    expect(unclosed.de + unclosed.en).not.toMatch(/OPEN_|EOF|Expecting/);
    expect(checkTemplate('x {{/if}}')[0]).toMatchObject({
      de: '„{{/if}}“ in Zeile 1 schließt keinen offenen Block.',
    });
    expect(checkTemplate('x {{else}} y')[0]).toMatchObject({
      en: '"{{else}}" in line 1 stands outside an "{{#if}}" block.',
    });
  });

  it('refuses at save time what would never render or would put braces into a client’s text', () => {
    const problems = checkTemplate(
      '{{"Termin"}} {{1}} {{date "kein Datum"}} {{time 5}} {{date}} \\{{client.firstName}}'
    );
    expect(problems.map((p) => p.message)).toEqual([
      'a text in braces renders nothing: write "Termin" without {{ }}',
      'a text in braces renders nothing: write 1 without {{ }}',
      'date needs one placeholder with a date, such as appointment.start, not a literal',
      'time needs one placeholder with a date, such as appointment.start, not a literal',
      'date needs one placeholder with a date, such as appointment.start',
      'an escaped \\{{ … }} would reach the client as it is: remove the backslash or the braces',
    ]);
    expect(
      checkTemplate(
        '{{date appointment.start}} {{#if (eq appointment.online true)}}x{{/if}} {{weekday appointment.start}}'
      )
    ).toEqual([]);
  });

  it('refuses unknown helpers, other blocks, partials and data paths', () => {
    const problems = checkTemplate(
      '{{lookup client "x"}} {{#each client}}x{{/each}} {{> footer}} {{@root.client}} {{../x}}'
    );
    expect(problems.map((p) => p.message)).toEqual([
      'unknown helper "lookup"',
      'unknown placeholder "client"',
      'only {{#if}} and {{#unless}} blocks are allowed, not "#each"',
      'unknown partial "footer"; use salutation or greeting',
      '"@root.client" is not allowed; use the documented placeholders',
      '"../x" is not allowed; use the documented placeholders',
    ]);
  });

  it('refuses prototype tricks', () => {
    expect(checkTemplate('{{constructor.constructor}}')).toHaveLength(1);
    expect(checkTemplate('{{client.__proto__}}')).toHaveLength(1);
  });
});

describe('rendering', () => {
  const context = buildTemplateContext(
    {
      client: {
        salutation: 'Herr',
        firstName: 'Jörg',
        lastName: 'Müller-Lüdenscheidt',
        formalAddress: true,
      },
      appointment: {
        start: '2026-12-01T13:30:00Z',
        end: '2026-12-01T14:20:00Z',
        location: 'Praxisraum 1',
        online: false,
      },
      practice: { name: 'Praxis Lindenblatt' },
    },
    berlin
  );

  it('fills the German default confirmation with salutation and greeting', () => {
    const body = defaultTemplates().find(
      (t) =>
        t.kind === 'confirmation' &&
        t.channel === 'sms' &&
        t.addressForm === 'formal' &&
        t.locale === 'de'
    )!.body;
    expect(
      renderTemplate(body, context, { ...berlin, partials: partialsFor('sms', 'formal', 'de') })
    ).toBe(
      'Guten Tag Herr Müller-Lüdenscheidt, Ihr Termin am Di., 1.12. um 14:30 ist bestätigt. Ihre Praxis Lindenblatt'
    );
  });

  it('branches on online vs on site and on the address form', () => {
    const template =
      '{{#if client.formal}}Sie{{else}}du{{/if}}: {{#if appointment.online}}online{{else}}vor Ort, {{appointment.location}}{{/if}}';
    expect(renderTemplate(template, context, berlin)).toBe('Sie: vor Ort, Praxisraum 1');
    const online = {
      ...context,
      client: { ...context.client, formal: false },
      appointment: { ...context.appointment, online: true },
    };
    expect(renderTemplate(template, online, berlin)).toBe('du: online');
  });

  it('compares with eq, ne, gt and friends', () => {
    expect(
      renderTemplate(
        '{{#if (gt appointment.durationMinutes 45)}}lang{{else}}kurz{{/if}}',
        context,
        berlin
      )
    ).toBe('lang');
    expect(
      renderTemplate(
        '{{#if (and (ne client.salutation "Frau") (not appointment.online))}}ja{{/if}}',
        context,
        berlin
      )
    ).toBe('ja');
  });

  it('formats dates in the practice time zone, right across the DST changes', () => {
    const at = (start: string) =>
      renderTemplate(
        '{{dateTime appointment.start}}',
        buildTemplateContext({ appointment: { start } }, berlin),
        berlin
      );
    expect(at('2026-03-28T08:00:00Z')).toBe('Sa., 28.3. um 09:00'); // CET, UTC+1
    expect(at('2026-03-30T08:00:00Z')).toBe('Mo., 30.3. um 10:00'); // CEST, UTC+2
    expect(at('2026-10-24T08:00:00Z')).toBe('Sa., 24.10. um 10:00');
    expect(at('2026-10-26T08:00:00Z')).toBe('Mo., 26.10. um 09:00');
    expect(
      renderTemplate(
        '{{dateTime appointment.start}}',
        buildTemplateContext({ appointment: { start: '2026-12-01T13:30:00Z' } }, berlin),
        { locale: 'en', timeZone: 'Europe/Berlin' }
      )
    ).toBe('Tue 1 Dec at 14:30');
  });

  it('does not HTML-escape SMS text but does for e-mail HTML', () => {
    const withAmp = buildTemplateContext(
      { practice: { name: 'Müller & Partner <Praxis>' } },
      berlin
    );
    expect(renderTemplate('{{practice.name}}', withAmp, berlin)).toBe('Müller & Partner <Praxis>');
    expect(renderTemplate('{{practice.name}}', withAmp, { ...berlin, escapeHtml: true })).toBe(
      'Müller &amp; Partner &lt;Praxis&gt;'
    );
  });

  it('fails with a reason instead of sending raw braces', () => {
    expect(() => renderTemplate('Hallo {{client.vorname}}', context, berlin)).toThrow(
      TemplateError
    );
    expect(() => renderTemplate('Hallo {{client.firstName', context, berlin)).toThrow(
      /syntax error/
    );
    expect(() => renderTemplate('{{client.firstName}}', {}, berlin)).toThrow(/could not be filled/);
  });
});

describe('shipped default templates', () => {
  const all = defaultTemplates();

  it('exist for every kind, channel, address form and language, and all pass the checks', () => {
    expect(all).toHaveLength(9 * 3 * 2 * 2 + 1 * 2 * 2); // download-link: e-mail only
    for (const template of all) {
      expect(
        checkTemplate(template.body, {
          allowPartials: !['salutation', 'greeting'].includes(template.kind),
        })
      ).toEqual([]);
      if (template.subject) expect(checkTemplate(template.subject)).toEqual([]);
    }
  });

  it('fit one GSM-7 SMS segment with typical values', () => {
    for (const template of all.filter(
      (t) => t.channel === 'sms' && !['salutation', 'greeting'].includes(t.kind)
    )) {
      const text = renderTemplate(
        template.body,
        exampleContext('typical', { locale: template.locale, timeZone: 'Europe/Berlin' }),
        {
          locale: template.locale,
          timeZone: 'Europe/Berlin',
          partials: partialsFor('sms', template.addressForm, template.locale),
        }
      );
      const analysis = analyzeSms(text);
      expect({
        kind: template.kind,
        form: template.addressForm,
        locale: template.locale,
        segments: analysis.segments,
        encoding: analysis.encoding,
      }).toEqual({
        kind: template.kind,
        form: template.addressForm,
        locale: template.locale,
        segments: 1,
        encoding: 'GSM-7',
      });
    }
  });

  it('carry the express slip link in confirmations and changes, still one SMS with a practice domain of 22 characters', () => {
    const slipLink = 'https://praxis-sonnenschein.de/s/Ab3dE7x';
    const withSlip = all.filter((t) => ['confirmation', 'change'].includes(t.kind));
    expect(withSlip).toHaveLength(2 * 3 * 2 * 2);
    for (const template of withSlip) {
      const options = {
        locale: template.locale,
        timeZone: 'Europe/Berlin',
        partials: partialsFor(template.channel, template.addressForm, template.locale),
      };
      const context = { ...exampleContext('typical', options), slipLink };
      const text = renderTemplate(template.body, context, options);
      expect(text).toContain(`${template.locale === 'de' ? 'Terminzettel' : 'Slip'}: ${slipLink}`);
      const name = `${template.kind}/${template.channel}/${template.addressForm}/${template.locale}`;
      if (template.channel === 'sms')
        expect({ name, segments: analyzeSms(text).segments }).toEqual({ name, segments: 1 });
      // a cancelled or unpublished appointment has no slip: the line is left out, not left empty
      expect(renderTemplate(template.body, { ...context, slipLink: null }, options)).not.toMatch(
        /Terminzettel|Slip:/
      );
    }
  });
});

describe('smart encoding suggestion', () => {
  it('replaces look-alikes with GSM characters and counts the segments saved', () => {
    const text = '„Bitte“ – kommen Sie pünktlich… ' + 'a'.repeat(60);
    expect(analyzeSms(text)).toMatchObject({ encoding: 'UCS-2', segments: 2 });
    const suggestion = smartEncodingSuggestion(text)!;
    expect(suggestion.text.startsWith('"Bitte" - kommen Sie pünktlich...')).toBe(true);
    expect(suggestion).toMatchObject({ encoding: 'GSM-7', segments: 1, segmentsSaved: 1 });
    expect(suggestion.replaced.map((r) => r.from)).toEqual(['„', '“', '–', '…']);
  });

  it('suggests nothing for plain German text and leaves emoji alone', () => {
    expect(smartEncodingSuggestion('Grüße aus der Praxis')).toBeNull();
    expect(smartEncode('Danke 😀')).toBe('Danke 😀');
  });
});

describe('SMS warnings', () => {
  it('warns about emoji, Unicode, several segments and health words', () => {
    expect(smsWarnings('Ihr Befund ist da 😀')).toEqual([
      { code: 'emoji' },
      { code: 'health', words: ['befund'] },
    ]);
    expect(smsWarnings('Termin – morgen')).toEqual([{ code: 'unicode', characters: ['–'] }]);
    expect(smsWarnings('a'.repeat(161))).toEqual([{ code: 'segments', segments: 2 }]);
    expect(smsWarnings('Bitte Medikamentenplan und Laborwerte mitbringen')).toEqual([
      { code: 'health', words: ['medikamentenplan', 'laborwerte'] },
    ]);
    expect(smsWarnings('Ihr Termin ist bestätigt. Grüße, Praxis')).toEqual([]);
  });
});
