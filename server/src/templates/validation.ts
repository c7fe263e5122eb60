/**
 * The body of POST /templates and PUT /templates/:id: one zod schema. A
 * change names only what it changes; the rest comes from the template as
 * it is, and the whole is checked as a template: lengths first (nothing
 * longer than the limits is parsed), then its Handlebars.
 */
import { because, isJsonObject, parseInput, problemMessage, z } from '../kernel/validation/schema';
import { oneOf } from '../kernel/validation/fields';
import { PROBLEMS } from '../kernel/validation/problems';
import { ADDRESS_FORMS, CHANNELS, LOCALES, TEMPLATE_KINDS } from '../constants';
import { TEXT_LIMITS } from '../../../shared/text-limits';
import { checkTemplate, isPartialKind } from './domain/templates';
import type { TemplateRow, TemplateValues } from './repositories/templates';

const templateSchema = z
  .object(
    {
      kind: oneOf(TEMPLATE_KINDS),
      channel: oneOf(CHANNELS),
      addressForm: oneOf(ADDRESS_FORMS).default('formal'),
      locale: oneOf(LOCALES).default('de'),
      body: z
        .string(because(PROBLEMS.emptyText()))
        .refine((value) => value.trim() !== '', because(PROBLEMS.emptyText())),
      subject: z.string(because(PROBLEMS.notText())).nullable().default(null),
      name: z.string(because(PROBLEMS.notText())).nullable().default(null),
    },
    because(PROBLEMS.notObject())
  )
  .superRefine((template, context) => {
    const issue = (field: 'body' | 'subject', problem: ReturnType<typeof PROBLEMS.invalid>) =>
      context.addIssue({ code: 'custom', path: [field], message: problemMessage(problem) });
    const bodyLimit = TEXT_LIMITS.template[template.channel];
    const subject = template.subject ?? '';
    const tooLong = [
      ...(template.body.length > bodyLimit
        ? [['body', PROBLEMS.tooLong(template.body, bodyLimit)] as const]
        : []),
      ...(subject.length > TEXT_LIMITS.templateSubject
        ? [['subject', PROBLEMS.tooLong(subject, TEXT_LIMITS.templateSubject)] as const]
        : []),
    ];
    for (const [field, problem] of tooLong) issue(field, problem);
    if (tooLong.length > 0) return;
    // a salutation or greeting is itself a partial, so it may not include one
    const allowPartials = !isPartialKind(template.kind);
    for (const [field, source] of [
      ['body', template.body],
      ['subject', subject],
    ] as const)
      for (const problem of checkTemplate(source, { allowPartials }))
        issue(
          field,
          PROBLEMS.other(
            'template',
            `${problem.message} (line ${problem.line}, column ${problem.column})`,
            problem.de,
            problem.en
          )
        );
  })
  .transform(
    (template): TemplateValues => ({
      ...template,
      subject: template.subject || null,
      body: template.body.replace(/\r\n/g, '\n'),
      isDefault: false,
    })
  );

/**
 * A new template, or the change of `existing`: what the body leaves out
 * (or sends as null, for kind, channel, form of address, locale and text)
 * stays as it is.
 */
export function parseTemplate(body: unknown, existing?: TemplateRow): TemplateValues {
  if (!isJsonObject(body)) return parseInput(templateSchema, body);
  const kept = (key: string) => body[key] === undefined || body[key] === null;
  // null is "not given" for these (the form sends it for an empty choice)
  const given = Object.fromEntries(
    Object.entries(body).filter(
      ([key, value]) =>
        !(value === null && ['kind', 'channel', 'addressForm', 'locale', 'body'].includes(key))
    )
  );
  if (!existing) return parseInput(templateSchema, given);
  return parseInput(templateSchema, {
    ...given,
    ...(kept('kind') && { kind: existing.kind }),
    ...(kept('channel') && { channel: existing.channel }),
    ...(kept('addressForm') && { addressForm: existing.addressForm }),
    ...(kept('locale') && { locale: existing.locale }),
    ...(kept('body') && { body: existing.body }),
    ...(body.subject === undefined && { subject: existing.subject }),
    ...(body.name === undefined && { name: existing.name }),
  });
}
