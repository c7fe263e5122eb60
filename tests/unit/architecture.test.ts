/**
 * The layout rules of the server (README, "Architecture"), checked on the
 * source so that a shortcut fails here instead of in review.
 */
import fs from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '../../server/src');
const SLICES = [
  'host',
  'practices',
  'outbox',
  'notices',
  'templates',
  'bulk',
  'access',
  'billing',
  'settings',
  'audit',
  'privacy',
];

const walk = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });

const FILES = walk(SRC);
const rel = (file: string) => path.relative(SRC, file).split(path.sep).join('/');
const sliceOf = (file: string) => {
  const [first, ...rest] = rel(file).split('/');
  return rest.length > 0 && SLICES.includes(first) ? first : null;
};
const isDomain = (file: string) => rel(file).split('/').includes('domain');
/** Source without comments: a comment may name what the code must not do. */
const codeOf = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
const isRepository = (file: string) => rel(file).split('/').includes('repositories');

const SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)'([^']+)'/g;
const specifiersOf = (text: string) => [...text.matchAll(SPECIFIER)].map((match) => match[1]);

const resolveRelative = (file: string, specifier: string): string | null => {
  const base = path.resolve(path.dirname(file), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
};

/** Every import of a file, resolved: package names as they are, relative paths as files. */
const importsOf = (file: string) =>
  specifiersOf(fs.readFileSync(file, 'utf8')).map((specifier) => ({
    specifier,
    target: specifier.startsWith('.') ? resolveRelative(file, specifier) : null,
  }));

describe('server layout', () => {
  it('finds the slices it checks', () => {
    for (const slice of SLICES) expect(fs.existsSync(path.join(SRC, slice, 'index.ts'))).toBe(true);
    expect(FILES.filter(isDomain).length).toBeGreaterThan(20);
    expect(FILES.filter(isRepository).length).toBeGreaterThan(15);
  });

  it('keeps domain code pure: no Strapi, no database, only other pure code', () => {
    const offences: string[] = [];
    for (const file of FILES.filter(isDomain)) {
      if (/\bstrapi\./.test(codeOf(file))) offences.push(`${rel(file)} uses strapi`);
      for (const { specifier, target } of importsOf(file)) {
        if (specifier.startsWith('@strapi')) offences.push(`${rel(file)} imports ${specifier}`);
        if (!target) continue;
        const pure =
          isDomain(target) ||
          !target.startsWith(SRC) || // shared/: contracts and pure helpers of server and admin
          ['constants.ts', 'keys.ts'].includes(rel(target)) ||
          rel(target).startsWith('kernel/validation/');
        if (!pure) offences.push(`${rel(file)} imports ${rel(target)}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('lets only repository files touch strapi.db or strapi.documents', () => {
    const touchesDatabase = (file: string) => /\bstrapi\s*\.\s*(db|documents)\b/.test(codeOf(file));
    expect(FILES.filter(isRepository).some(touchesDatabase)).toBe(true); // the pattern finds what it looks for
    const offences = FILES.filter((file) => !isRepository(file))
      .filter(touchesDatabase)
      .map(rel);
    expect(offences).toEqual([]);
  });

  it('validates input through zod schemas: hand-collected field errors stay inside the kernel', () => {
    const collectsByHand = (file: string) => /\bnew FieldErrors\(/.test(codeOf(file));
    expect(collectsByHand(path.join(SRC, 'kernel/validation/schema.ts'))).toBe(true);
    const offences = FILES.filter((file) => !rel(file).startsWith('kernel/validation/'))
      .filter(collectsByHand)
      .map(rel);
    expect(offences).toEqual([]);
  });

  it('looks services up only through the typed getService', () => {
    // the email plugin's own service is Strapi's, not ours
    const looksUpOurs = (file: string) =>
      /\.plugin\(\s*('messaging'|PLUGIN_ID)\s*\)\s*\.service\(/.test(codeOf(file));
    expect(looksUpOurs(path.join(SRC, 'kernel/get-service.ts'))).toBe(true);
    const offences = FILES.filter((file) => rel(file) !== 'kernel/get-service.ts')
      .filter(looksUpOurs)
      .map(rel);
    expect(offences).toEqual([]);
  });

  it('reaches into another slice only through its index (or, from pure code, its domain index)', () => {
    const offences: string[] = [];
    for (const file of FILES) {
      const own = sliceOf(file);
      for (const { target } of importsOf(file)) {
        if (!target || !target.startsWith(SRC)) continue;
        const other = sliceOf(target);
        if (!other || other === own) continue;
        const allowed = [`${other}/index.ts`, `${other}/domain/index.ts`];
        if (!allowed.includes(rel(target))) offences.push(`${rel(file)} -> ${rel(target)}`);
      }
    }
    expect(offences).toEqual([]);
  });
});
