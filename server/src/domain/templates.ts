/**
 * Message templates: Handlebars with a fixed set of placeholders, a few
 * comparison and date helpers, and the salutation/greeting partials.
 * Safe by construction: an isolated Handlebars environment, no prototype
 * access, only known helpers (knownHelpersOnly), strict lookups, and every
 * placeholder and helper checked against the documented set at save time,
 * with line and column. Pure: no Strapi.
 */
import Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import { PLACEHOLDER_PATHS, TEMPLATE_HELPERS, TEMPLATE_PARTIALS } from '../../../shared/placeholders';

export interface TemplateProblem {
  message: string;
  line: number;
  column: number;
}

export class TemplateError extends Error {
  constructor(
    message: string,
    readonly problems: TemplateProblem[] = [],
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

export interface RenderOptions {
  locale: 'de' | 'en';
  timeZone: string;
  /** HTML-escape values (e-mail HTML); SMS and Threema are plain text */
  escapeHtml?: boolean;
  /** sources of the salutation and greeting partials */
  partials?: Partial<Record<(typeof TEMPLATE_PARTIALS)[number], string>>;
}

type HbsNode = { type: string; loc?: { start: { line: number; column: number } }; [key: string]: any };

const HELPERS = new Set<string>(TEMPLATE_HELPERS);
/** Helpers that format one date: their argument must be a placeholder. */
const DATE_HELPERS = new Set<string>(['date', 'time', 'dateTime', 'weekday']);
const PARTIALS = new Set<string>(TEMPLATE_PARTIALS);

/** Line and column (both 1-based) of a Handlebars parse error, found from the excerpt in its message. */
function parseErrorPosition(source: string, message: string): { line: number; column: number } {
  const lineMatch = /Parse error on line (\d+)/.exec(message);
  const line = lineMatch ? Number(lineMatch[1]) : 1;
  const [, excerpt = '', pointer = ''] = message.split('\n');
  const caret = pointer.indexOf('^');
  if (caret < 0) return { line, column: 1 };
  const past = excerpt.slice(0, caret).replace(/^\.\.\./, '');
  const upcoming = excerpt.slice(caret).replace(/\.\.\.$/, '');
  // The excerpt has its line breaks removed; find it in the source the same way.
  const flat: number[] = [];
  for (let i = 0; i < source.length; i += 1) if (source[i] !== '\n') flat.push(i);
  const flatText = flat.map((i) => source[i]).join('');
  const at = flatText.indexOf(past + upcoming);
  if (at < 0) return { line, column: 1 };
  const offset = flat[at + past.length] ?? source.length;
  const before = source.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

function describe(node: HbsNode): string {
  return node.original ?? node.value ?? node.type;
}

/** Every problem of a template source, with positions; empty when it is fine. */
export function checkTemplate(source: string, options: { allowPartials?: boolean } = {}): TemplateProblem[] {
  let ast: HbsNode;
  try {
    ast = Handlebars.parse(source) as unknown as HbsNode;
  } catch (error) {
    const err = error as Error & { lineNumber?: number; column?: number };
    const position =
      err.lineNumber !== undefined ? { line: err.lineNumber, column: (err.column ?? 0) + 1 } : parseErrorPosition(source, err.message);
    const summary = err.message.split('\n').pop()!.replace(/ - \d+:\d+$/, '');
    return [{ message: `syntax error: ${summary}`, ...position }];
  }

  const problems: TemplateProblem[] = [];
  const at = (node: HbsNode) => ({ line: node.loc?.start.line ?? 1, column: (node.loc?.start.column ?? 0) + 1 });
  const allowPartials = options.allowPartials ?? true;

  /** `where` is the node whose position is reported: the whole {{...}} for a plain placeholder. */
  const checkValue = (node: HbsNode, where: HbsNode = node) => {
    if (node.type === 'SubExpression') return checkCall(node);
    if (node.type !== 'PathExpression') return; // literals
    if (node.data || node.depth > 0 || node.this) {
      problems.push({ message: `"${describe(node)}" is not allowed; use the documented placeholders`, ...at(where) });
      return;
    }
    if (!PLACEHOLDER_PATHS.has(node.original)) {
      problems.push({ message: `unknown placeholder "${node.original}"`, ...at(where) });
    }
  };

  const checkCall = (node: HbsNode) => {
    const name = node.path.original as string;
    const isCall = node.params.length > 0 || (node.hash?.pairs?.length ?? 0) > 0 || node.type === 'BlockStatement' || node.type === 'SubExpression';
    if (DATE_HELPERS.has(name) && node.path.type === 'PathExpression') {
      // a date helper formats a date placeholder; anything else fails every time it is rendered
      const [value, ...more] = node.params;
      if (!value || more.length > 0 || (node.hash?.pairs?.length ?? 0) > 0) {
        problems.push({ message: `${name} needs one placeholder with a date, such as appointment.start`, ...at(node) });
        return;
      }
      if (value.type !== 'PathExpression' && value.type !== 'SubExpression') {
        problems.push({ message: `${name} needs one placeholder with a date, such as appointment.start, not a literal`, ...at(node) });
        return;
      }
    }
    if (isCall) {
      if (node.path.type !== 'PathExpression' || !HELPERS.has(name)) {
        problems.push({ message: `unknown helper "${name}"`, ...at(node) });
      }
      for (const param of node.params) checkValue(param);
      for (const pair of node.hash?.pairs ?? []) checkValue(pair.value);
    } else if (node.path.type !== 'PathExpression') {
      // {{"Termin"}} or {{1}}: Handlebars looks for a helper of that name and finds none
      const shown = node.path.type === 'StringLiteral' ? `"${node.path.value}"` : String(node.path.original);
      problems.push({ message: `a text in braces renders nothing: write ${shown} without {{ }}`, ...at(node) });
    } else {
      checkValue(node.path, node);
    }
  };

  const visit = (node: HbsNode) => {
    switch (node.type) {
      case 'Program':
        node.body.forEach(visit);
        break;
      case 'MustacheStatement':
        checkCall(node);
        break;
      case 'BlockStatement':
        if (!['if', 'unless'].includes(node.path.original)) {
          problems.push({ message: `only {{#if}} and {{#unless}} blocks are allowed, not "#${node.path.original}"`, ...at(node) });
        } else {
          checkCall(node);
        }
        if (node.program) visit(node.program);
        if (node.inverse) visit(node.inverse);
        break;
      case 'PartialStatement':
      case 'PartialBlockStatement': {
        const name = node.name.original;
        if (!allowPartials) problems.push({ message: `partials are not allowed here ("${name}")`, ...at(node) });
        else if (!PARTIALS.has(name)) problems.push({ message: `unknown partial "${name}"; use salutation or greeting`, ...at(node) });
        break;
      }
      case 'DecoratorBlock':
      case 'Decorator':
        problems.push({ message: 'decorators are not allowed', ...at(node) });
        break;
      case 'ContentStatement':
        // `\{{client.firstName}}` is Handlebars' escape: the braces would reach the client as they are
        if (node.value.includes('{{')) {
          problems.push({ message: 'an escaped \\{{ … }} would reach the client as it is: remove the backslash or the braces', ...at(node) });
        }
        break;
      default:
        break; // CommentStatement
    }
  };
  visit(ast);
  return problems;
}

/** The environment: a private Handlebars with only our helpers. */
function environment(options: RenderOptions) {
  const hbs = Handlebars.create();
  const zone = options.timeZone;
  const inZone = (value: unknown) => {
    const date = typeof value === 'string' ? DateTime.fromISO(value) : value instanceof Date ? DateTime.fromJSDate(value) : null;
    if (!date || !date.isValid) throw new TemplateError(`not a date: ${String(value)}`);
    return date.setZone(zone).setLocale(options.locale === 'de' ? 'de-DE' : 'en-GB');
  };
  const args = (list: unknown[]) => list.slice(0, -1); // the last argument is Handlebars' options
  hbs.registerHelper({
    eq: (...values: unknown[]) => args(values)[0] === args(values)[1],
    ne: (...values: unknown[]) => args(values)[0] !== args(values)[1],
    gt: (...values: unknown[]) => Number(args(values)[0]) > Number(args(values)[1]),
    gte: (...values: unknown[]) => Number(args(values)[0]) >= Number(args(values)[1]),
    lt: (...values: unknown[]) => Number(args(values)[0]) < Number(args(values)[1]),
    lte: (...values: unknown[]) => Number(args(values)[0]) <= Number(args(values)[1]),
    and: (...values: unknown[]) => args(values).every(Boolean),
    or: (...values: unknown[]) => args(values).some(Boolean),
    not: (...values: unknown[]) => !args(values)[0],
    date: (value: unknown) => formatDate(inZone(value), options.locale),
    time: (value: unknown) => inZone(value).toFormat('HH:mm'),
    dateTime: (value: unknown) => `${formatDate(inZone(value), options.locale)} ${options.locale === 'de' ? 'um' : 'at'} ${inZone(value).toFormat('HH:mm')}`,
    weekday: (value: unknown) => inZone(value).toFormat('cccc'),
  });
  return hbs;
}

/** "Di., 1.12." in German, "Tue 1 Dec" in English: short, to save SMS characters. */
export function formatDate(date: DateTime, locale: 'de' | 'en'): string {
  return locale === 'de' ? `${date.toFormat('ccc')}., ${date.day}.${date.month}.` : date.toFormat('ccc d LLL');
}

const COMPILE_OPTIONS = {
  strict: true,
  knownHelpersOnly: true,
  knownHelpers: Object.fromEntries(TEMPLATE_HELPERS.map((name) => [name, true])),
} as const;

/**
 * Renders a template; throws TemplateError when the source is not valid or
 * a value is missing, so no half-rendered text with `{{` reaches a client.
 */
export function renderTemplate(source: string, context: Record<string, unknown>, options: RenderOptions): string {
  const problems = checkTemplate(source);
  for (const [name, partial] of Object.entries(options.partials ?? {})) {
    problems.push(...checkTemplate(partial ?? '', { allowPartials: false }).map((p) => ({ ...p, message: `in ${name}: ${p.message}` })));
  }
  if (problems.length > 0) throw new TemplateError(problems.map((p) => `${p.message} (line ${p.line}, column ${p.column})`).join('; '), problems);
  const hbs = environment(options);
  for (const name of TEMPLATE_PARTIALS) hbs.registerPartial(name, options.partials?.[name] ?? '');
  try {
    const template = hbs.compile(source, { ...COMPILE_OPTIONS, noEscape: !options.escapeHtml });
    const text = template(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
    return text.replace(/[ \t]+\n/g, '\n').trim();
  } catch (error) {
    if (error instanceof TemplateError) throw error;
    throw new TemplateError(`the template could not be filled: ${(error as Error).message}`);
  }
}
