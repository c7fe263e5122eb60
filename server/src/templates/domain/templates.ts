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
import {
  PLACEHOLDER_PATHS,
  TEMPLATE_HELPERS,
  TEMPLATE_PARTIALS,
} from '../../../../shared/placeholders';

/** The template kinds that are partials ({{> salutation}}, {{> greeting}}) inside the others. */
export const PARTIAL_KINDS = ['salutation', 'greeting'] as const;
export const isPartialKind = (kind: string) => (PARTIAL_KINDS as readonly string[]).includes(kind);

export interface TemplateProblem {
  /** technical, in English (the API's message) */
  message: string;
  /** the same for the person writing the template */
  de: string;
  en: string;
  line: number;
  column: number;
}

/**
 * A syntax error in plain words: which block or braces are open or closed
 * where, found by matching the braces ourselves (Handlebars' parser only
 * says which token it expected, e.g. "Expecting 'OPEN_INVERSE_CHAIN', got 'EOF'").
 */
export function explainSyntaxError(source: string): Omit<TemplateProblem, 'message'> | null {
  const position = (offset: number) => {
    const before = source.slice(0, offset);
    return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
  };
  const open: { name: string; offset: number }[] = [];
  let index = 0;
  while (index < source.length) {
    const start = source.indexOf('{{', index);
    if (start < 0) break;
    if (source[start - 1] === '\\') {
      index = start + 2;
      continue;
    }
    const end = source.indexOf('}}', start + 2);
    const next = source.indexOf('{{', start + 2);
    if (end < 0 || (next >= 0 && next < end)) {
      const at = position(start);
      return {
        ...at,
        de: `„{{“ in Zeile ${at.line} wird nicht mit „}}“ geschlossen.`,
        en: `"{{" in line ${at.line} is never closed with "}}".`,
      };
    }
    const inner = source
      .slice(start + 2, end)
      .replace(/^~|~$/g, '')
      .trim();
    const block = /^([#/^])\s*([\w.]+)/.exec(inner);
    if (block && block[1] === '#') open.push({ name: block[2], offset: start });
    else if (block && block[1] === '/') {
      const at = position(start);
      const last = open.pop();
      if (!last)
        return {
          ...at,
          de: `„{{/${block[2]}}}“ in Zeile ${at.line} schließt keinen offenen Block.`,
          en: `"{{/${block[2]}}}" in line ${at.line} closes no open block.`,
        };
      if (last.name !== block[2]) {
        const from = position(last.offset);
        return {
          ...at,
          de: `„{{/${block[2]}}}“ in Zeile ${at.line} passt nicht zu „{{#${last.name}}}“ aus Zeile ${from.line}: dort gehört „{{/${last.name}}}“ hin.`,
          en: `"{{/${block[2]}}}" in line ${at.line} does not match "{{#${last.name}}}" from line ${from.line}: it needs "{{/${last.name}}}".`,
        };
      }
    } else if (/^else\b/.test(inner) && open.length === 0) {
      const at = position(start);
      return {
        ...at,
        de: `„{{else}}“ in Zeile ${at.line} steht außerhalb eines „{{#if}}“-Blocks.`,
        en: `"{{else}}" in line ${at.line} stands outside an "{{#if}}" block.`,
      };
    }
    index = end + 2;
  }
  const unclosed = open.pop();
  if (unclosed) {
    const at = position(unclosed.offset);
    return {
      ...at,
      de: `„{{#${unclosed.name}}}“ aus Zeile ${at.line} wird nie geschlossen: „{{/${unclosed.name}}}“ fehlt.`,
      en: `"{{#${unclosed.name}}}" opened in line ${at.line} is never closed: "{{/${unclosed.name}}}" is missing.`,
    };
  }
  return null;
}

export class TemplateError extends Error {
  constructor(
    message: string,
    readonly problems: TemplateProblem[] = []
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

type HbsNode = {
  type: string;
  loc?: { start: { line: number; column: number } };
  [key: string]: any;
};

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
export function checkTemplate(
  source: string,
  options: { allowPartials?: boolean } = {}
): TemplateProblem[] {
  let ast: HbsNode;
  try {
    ast = Handlebars.parse(source) as unknown as HbsNode;
  } catch (error) {
    const err = error as Error & { lineNumber?: number; column?: number };
    const position =
      err.lineNumber !== undefined
        ? { line: err.lineNumber, column: (err.column ?? 0) + 1 }
        : parseErrorPosition(source, err.message);
    const summary = err.message
      .split('\n')
      .pop()!
      .replace(/ - \d+:\d+$/, '');
    const plain = explainSyntaxError(source);
    if (plain) return [{ message: `syntax error: ${summary}`, ...plain }];
    return [
      {
        message: `syntax error: ${summary}`,
        de: `Die Vorlage ist in Zeile ${position.line}, Spalte ${position.column} nicht lesbar: bitte die geschweiften Klammern dort prüfen.`,
        en: `The template cannot be read at line ${position.line}, column ${position.column}: please check the braces there.`,
        ...position,
      },
    ];
  }

  const problems: TemplateProblem[] = [];
  const at = (node: HbsNode) => ({
    line: node.loc?.start.line ?? 1,
    column: (node.loc?.start.column ?? 0) + 1,
  });
  const allowPartials = options.allowPartials ?? true;

  /** `where` is the node whose position is reported: the whole {{...}} for a plain placeholder. */
  const checkValue = (node: HbsNode, where: HbsNode = node) => {
    if (node.type === 'SubExpression') return checkCall(node);
    if (node.type !== 'PathExpression') return; // literals
    if (node.data || node.depth > 0 || node.this) {
      problems.push({
        message: `"${describe(node)}" is not allowed; use the documented placeholders`,
        de: `„${describe(node)}“ ist nicht erlaubt; bitte nur die aufgeführten Platzhalter verwenden.`,
        en: `"${describe(node)}" is not allowed; please use only the listed placeholders.`,
        ...at(where),
      });
      return;
    }
    if (!PLACEHOLDER_PATHS.has(node.original)) {
      problems.push({
        message: `unknown placeholder "${node.original}"`,
        de: `Den Platzhalter „${node.original}“ gibt es nicht.`,
        en: `There is no placeholder "${node.original}".`,
        ...at(where),
      });
    }
  };

  const checkCall = (node: HbsNode) => {
    const name = node.path.original as string;
    const isCall =
      node.params.length > 0 ||
      (node.hash?.pairs?.length ?? 0) > 0 ||
      node.type === 'BlockStatement' ||
      node.type === 'SubExpression';
    if (DATE_HELPERS.has(name) && node.path.type === 'PathExpression') {
      // a date helper formats a date placeholder; anything else fails every time it is rendered
      const [value, ...more] = node.params;
      if (!value || more.length > 0 || (node.hash?.pairs?.length ?? 0) > 0) {
        problems.push({
          message: `${name} needs one placeholder with a date, such as appointment.start`,
          de: `„${name}“ braucht genau einen Platzhalter mit einem Datum, z. B. appointment.start.`,
          en: `"${name}" needs exactly one placeholder with a date, such as appointment.start.`,
          ...at(node),
        });
        return;
      }
      if (value.type !== 'PathExpression' && value.type !== 'SubExpression') {
        problems.push({
          message: `${name} needs one placeholder with a date, such as appointment.start, not a literal`,
          de: `„${name}“ braucht einen Platzhalter mit einem Datum wie appointment.start, keinen festen Text.`,
          en: `"${name}" needs a placeholder with a date such as appointment.start, not a fixed text.`,
          ...at(node),
        });
        return;
      }
    }
    if (isCall) {
      if (node.path.type !== 'PathExpression' || !HELPERS.has(name)) {
        problems.push({
          message: `unknown helper "${name}"`,
          de: `„${name}“ ist keine bekannte Funktion.`,
          en: `"${name}" is not a known function.`,
          ...at(node),
        });
      }
      for (const param of node.params) checkValue(param);
      for (const pair of node.hash?.pairs ?? []) checkValue(pair.value);
    } else if (node.path.type !== 'PathExpression') {
      // {{"Termin"}} or {{1}}: Handlebars looks for a helper of that name and finds none
      const shown =
        node.path.type === 'StringLiteral' ? `"${node.path.value}"` : String(node.path.original);
      problems.push({
        message: `a text in braces renders nothing: write ${shown} without {{ }}`,
        de: `Text in geschweiften Klammern ergibt nichts: ${shown} bitte ohne {{ }} schreiben.`,
        en: `Text in braces gives nothing: please write ${shown} without {{ }}.`,
        ...at(node),
      });
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
          problems.push({
            message: `only {{#if}} and {{#unless}} blocks are allowed, not "#${node.path.original}"`,
            de: `Nur „{{#if}}“- und „{{#unless}}“-Blöcke sind erlaubt, nicht „#${node.path.original}“.`,
            en: `Only "{{#if}}" and "{{#unless}}" blocks are allowed, not "#${node.path.original}".`,
            ...at(node),
          });
        } else {
          checkCall(node);
        }
        if (node.program) visit(node.program);
        if (node.inverse) visit(node.inverse);
        break;
      case 'PartialStatement':
      case 'PartialBlockStatement': {
        const name = node.name.original;
        if (!allowPartials)
          problems.push({
            message: `partials are not allowed here ("${name}")`,
            de: `Bausteine wie „${name}“ sind hier nicht erlaubt.`,
            en: `Parts such as "${name}" are not allowed here.`,
            ...at(node),
          });
        else if (!PARTIALS.has(name))
          problems.push({
            message: `unknown partial "${name}"; use salutation or greeting`,
            de: `Den Baustein „${name}“ gibt es nicht; es gibt salutation (Anrede) und greeting (Gruß).`,
            en: `There is no part "${name}"; there are salutation and greeting.`,
            ...at(node),
          });
        break;
      }
      case 'DecoratorBlock':
      case 'Decorator':
        problems.push({
          message: 'decorators are not allowed',
          de: 'Dekoratoren sind nicht erlaubt.',
          en: 'Decorators are not allowed.',
          ...at(node),
        });
        break;
      case 'ContentStatement':
        // `\{{client.firstName}}` is Handlebars' escape: the braces would reach the client as they are
        if (node.value.includes('{{')) {
          problems.push({
            message:
              'an escaped \\{{ … }} would reach the client as it is: remove the backslash or the braces',
            de: 'Ein „\\{{ … }}“ käme so bei der Person an: bitte den Backslash oder die Klammern entfernen.',
            en: 'A "\\{{ … }}" would reach the client as it is: please remove the backslash or the braces.',
            ...at(node),
          });
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
    const date =
      typeof value === 'string'
        ? DateTime.fromISO(value)
        : value instanceof Date
          ? DateTime.fromJSDate(value)
          : null;
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
    dateTime: (value: unknown) =>
      `${formatDate(inZone(value), options.locale)} ${options.locale === 'de' ? 'um' : 'at'} ${inZone(value).toFormat('HH:mm')}`,
    weekday: (value: unknown) => inZone(value).toFormat('cccc'),
  });
  return hbs;
}

/** "Di., 1.12." in German, "Tue 1 Dec" in English: short, to save SMS characters. */
export function formatDate(date: DateTime, locale: 'de' | 'en'): string {
  return locale === 'de'
    ? `${date.toFormat('ccc')}., ${date.day}.${date.month}.`
    : date.toFormat('ccc d LLL');
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
export function renderTemplate(
  source: string,
  context: Record<string, unknown>,
  options: RenderOptions
): string {
  const problems = checkTemplate(source);
  for (const [name, partial] of Object.entries(options.partials ?? {})) {
    problems.push(
      ...checkTemplate(partial ?? '', { allowPartials: false }).map((p) => ({
        ...p,
        message: `in ${name}: ${p.message}`,
        de: `In ${name}: ${p.de}`,
        en: `In ${name}: ${p.en}`,
      }))
    );
  }
  if (problems.length > 0)
    throw new TemplateError(
      problems.map((p) => `${p.message} (line ${p.line}, column ${p.column})`).join('; '),
      problems
    );
  const hbs = environment(options);
  for (const name of TEMPLATE_PARTIALS) hbs.registerPartial(name, options.partials?.[name] ?? '');
  try {
    const template = hbs.compile(source, { ...COMPILE_OPTIONS, noEscape: !options.escapeHtml });
    const text = template(context, {
      allowProtoPropertiesByDefault: false,
      allowProtoMethodsByDefault: false,
    });
    return text.replace(/[ \t]+\n/g, '\n').trim();
  } catch (error) {
    if (error instanceof TemplateError) throw error;
    throw new TemplateError(`the template could not be filled: ${(error as Error).message}`);
  }
}
