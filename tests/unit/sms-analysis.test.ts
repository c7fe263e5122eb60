import { SegmentedMessage } from 'sms-segments-calculator';
import { analyzeSms, threemaLengthProblem } from '../../shared/sms';

/**
 * The analysis on tricky strings: the expected figures are worked out from
 * the GSM 03.38 rules (protocols.md C1, C2), and sms-segments-calculator's
 * own segment count is checked on every one as well.
 */
const a = (n: number) => 'a'.repeat(n);
const CASES: [string, string, 'GSM-7' | 'UCS-2', number, number][] = [
  ['empty', '', 'GSM-7', 0, 1],
  ['plain ASCII', 'Hallo Welt', 'GSM-7', 10, 1],
  ['German umlauts and ß are GSM', 'Grüße ÄÖÜ äöü ß', 'GSM-7', 15, 1],
  ['en dash forces UCS-2', 'Termin – morgen', 'UCS-2', 15, 1],
  ['euro sign counts 2', 'Preis: 10 €', 'GSM-7', 12, 1],
  ['single {', '{', 'GSM-7', 2, 1],
  ['all extension characters', '^{}\\[~]|€', 'GSM-7', 18, 1],
  ['160 a', a(160), 'GSM-7', 160, 1],
  ['161 a', a(161), 'GSM-7', 161, 2],
  ['306 a = 153 x 2', a(306), 'GSM-7', 306, 2],
  ['307 a', a(307), 'GSM-7', 307, 3],
  ['459 a = 153 x 3', a(459), 'GSM-7', 459, 3],
  ['159 a + € = 161 septets', a(159) + '€', 'GSM-7', 161, 2],
  ['158 a + € = 160 septets', a(158) + '€', 'GSM-7', 160, 1],
  ['escape at the 153 boundary', a(152) + '€' + a(10), 'GSM-7', 164, 2],
  ['153 x ] needs 3 segments', ']'.repeat(153), 'GSM-7', 306, 3],
  ['80 x { = 160 septets', '{'.repeat(80), 'GSM-7', 160, 1],
  ['escape straddling the second boundary', a(152) + '€' + a(152), 'GSM-7', 306, 3],
  ['single emoji', '👍', 'UCS-2', 2, 1],
  ['35 emoji = 70 units', '😀'.repeat(35), 'UCS-2', 70, 1],
  ['36 emoji = 72 units', '😀'.repeat(36), 'UCS-2', 72, 2],
  ['emoji at the 67 boundary', a(66) + '😀' + a(66), 'UCS-2', 134, 3],
  ['70 x 中', '中'.repeat(70), 'UCS-2', 70, 1],
  ['71 x 中', '中'.repeat(71), 'UCS-2', 71, 2],
  ['lower-case ç is not GSM', 'Ça va? ça va.', 'UCS-2', 13, 1],
  ['decomposed é (e + U+0301)', 'e\u0301'.repeat(70), 'UCS-2', 140, 3],
  ['CRLF counts 2', a(80) + '\r\n' + a(79), 'GSM-7', 161, 2],
  ['LF counts 1', a(80) + '\n' + a(79), 'GSM-7', 160, 1],
  ['extension characters cost 1 once in UCS-2', '€€€ ∞', 'UCS-2', 5, 1],
  ['smart quotes and ellipsis', '“Hallo” ‘Welt’ … — ok', 'UCS-2', 21, 1],
  ['non-breaking space', 'Termin\u00a0heute', 'UCS-2', 12, 1],
  ['backtick is not GSM', 'a`b', 'UCS-2', 3, 1],
  ['capital Ç is GSM', 'Çava', 'GSM-7', 4, 1],
  ['Greek capitals in GSM', 'ΔΦΓΛΩΠΨΣΘΞ', 'GSM-7', 10, 1],
  ['71 UCS-2 units', '–' + a(70), 'UCS-2', 71, 2],
];

describe('SMS analysis on tricky strings', () => {
  it('has at least 30 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(30));

  it.each(CASES)('%s', (_name, text, encoding, units, segments) => {
    const analysis = analyzeSms(text);
    expect({
      encoding: analysis.encoding,
      units: analysis.units,
      segments: analysis.segments,
    }).toEqual({ encoding, units, segments });
    expect(new SegmentedMessage(text).segmentsCount).toBe(segments);
    const limit =
      segments <= 1 ? (encoding === 'GSM-7' ? 160 : 70) : encoding === 'GSM-7' ? 153 : 67;
    expect(analysis.unitsPerSegment).toBe(limit);
    expect(analysis.unitsLeft).toBeGreaterThanOrEqual(0);
    expect(analysis.unitsLeft).toBeLessThanOrEqual(limit);
  });

  it('never flags German letters', () => {
    expect(analyzeSms('Äpfel, Öl, Übermut, Straße, Grüße').nonGsmCharacters).toEqual([]);
  });
});

describe('Threema length limit (3,500 bytes of UTF-8, protocols.md B2)', () => {
  it('counts bytes, not characters', () => {
    expect(threemaLengthProblem('a'.repeat(3500))).toBeNull();
    expect(threemaLengthProblem(`${'€'.repeat(1166)}xx`)).toBeNull(); // 3 x 1,166 + 2 = 3,500
    expect(threemaLengthProblem('a'.repeat(3501))).toMatchObject({ bytes: 3501, limit: 3500 });
    expect(threemaLengthProblem('😀'.repeat(876))).toMatchObject({ bytes: 3504 }); // 4 bytes each
  });

  it('says why in German and English', () => {
    expect(threemaLengthProblem('€'.repeat(1600))).toEqual({
      bytes: 4800,
      limit: 3500,
      reason: {
        de: 'Der Text ist 4800 Bytes lang; Threema erlaubt höchstens 3500 Bytes (UTF-8).',
        en: 'The text is 4800 bytes long; Threema allows at most 3500 bytes (UTF-8).',
      },
    });
  });
});
