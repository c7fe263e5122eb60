/**
 * German first: every word the admin shows exists in German and English.
 * Fails on a key used in the admin's code but missing in either language,
 * on keys only one language has, and on German texts left in English.
 */
import fs from 'fs';
import path from 'path';
import { IntlMessageFormat } from 'intl-messageformat';

const root = path.resolve(__dirname, '../../admin/src');
const de = JSON.parse(fs.readFileSync(path.join(root, 'translations/de.json'), 'utf8')) as Record<
  string,
  string
>;
const en = JSON.parse(fs.readFileSync(path.join(root, 'translations/en.json'), 'utf8')) as Record<
  string,
  string
>;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'translations' ? [] : sources(file);
    return /\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

/** Literal keys: t('key', ...), getTranslation('key'), id: 'key' in formatMessage calls. */
function usedKeys(): Map<string, string> {
  const keys = new Map<string, string>();
  for (const file of sources(root)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const pattern of [
      /\bt\(\s*'([a-zA-Z][\w.-]*)'/g,
      /getTranslation\(\s*'([a-zA-Z][\w.-]*)'\s*\)/g,
    ]) {
      for (const match of text.matchAll(pattern)) keys.set(match[1], path.relative(root, file));
    }
  }
  return keys;
}

describe('admin translations', () => {
  it('has the same keys in German and English', () => {
    expect(Object.keys(de).filter((key) => !(key in en))).toEqual([]);
    expect(Object.keys(en).filter((key) => !(key in de))).toEqual([]);
  });

  it('has every key the admin uses, in both languages', () => {
    const used = usedKeys();
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used]
      .filter(([key]) => !(key in de) || !(key in en))
      .map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });

  it('has no empty text, and German texts are not left in English', () => {
    expect(Object.entries(de).filter(([, text]) => text.trim() === '')).toEqual([]);
    // the same text in both is fine for names and numbers ("SMS", "Threema", "{count}"), not for sentences
    const untranslated = Object.keys(de).filter(
      (key) => de[key] === en[key] && /\b(the|and|of|to|is|are|with|for|not)\b/i.test(en[key])
    );
    expect(untranslated).toEqual([]);
  });

  it('counts with plural forms where a number meets a noun ("1 Versuch", not "1 Versuche")', () => {
    // a bare "{count} Wörter"-style text reads wrong for 1; such texts use ICU plural
    const bare = Object.entries(de).filter(([, text]) =>
      /\{(count|attempts|n)\} (Versuche|Nachrichten|Codes|Termine|Akten|Tage)\b/.test(text)
    );
    expect(bare).toEqual([]);
  });

  it("parses as ICU messages (a literal {{placeholder}} is quoted: '{{client.firstName}}')", () => {
    const broken: string[] = [];
    for (const [language, texts] of [
      ['de', de],
      ['en', en],
    ] as const) {
      for (const [key, text] of Object.entries(texts)) {
        try {
          new IntlMessageFormat(text, language);
        } catch (error) {
          broken.push(`${language} ${key}: ${(error as Error).message}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});
