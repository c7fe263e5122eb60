import {
  accessCodeMatches,
  CODE_ALPHABET,
  hashAccessCode,
  hashToken,
  newAccessCode,
  newDownloadToken,
  normalizeEnteredCode,
  redactCode,
  seal,
  sealingKey,
  TOKEN_PATTERN,
  unseal,
} from '../../server/src/access/domain/access-code';
import { downloadPage } from '../../server/src/access/public/download-page';

describe('access codes', () => {
  it('uses 32 symbols without look-alikes, 6 to 8 of them, evenly', () => {
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(CODE_ALPHABET).not.toMatch(/[01OI]/);
    expect(newAccessCode()).toMatch(/^[A-Z2-9]{6}$/);
    expect(newAccessCode(8)).toHaveLength(8);
    expect(() => newAccessCode(5)).toThrow(RangeError);
    expect(() => newAccessCode(9)).toThrow(RangeError);
    const counts = new Map<string, number>();
    for (let n = 0; n < 4000; n += 1)
      for (const c of newAccessCode(8)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(32);
    // 32,000 symbols: about 1,000 each; a modulo bias would push some to ~1,250
    for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(160);
  });

  it('stores only a salted hash and checks what people type (case, spaces, dashes)', () => {
    const code = newAccessCode();
    const stored = hashAccessCode(code);
    expect(stored.hash).not.toContain(code);
    expect(hashAccessCode(code).hash).not.toBe(stored.hash); // salted
    expect(accessCodeMatches(code, stored)).toBe(true);
    expect(accessCodeMatches(` ${code.slice(0, 3).toLowerCase()}-${code.slice(3)} `, stored)).toBe(
      true
    );
    expect(accessCodeMatches(code.slice(0, 5) + (code[5] === 'A' ? 'B' : 'A'), stored)).toBe(false);
    expect(accessCodeMatches('', stored)).toBe(false);
    expect(normalizeEnteredCode(42)).toBe('');
  });

  it('makes unguessable link tokens and keeps only their hash', () => {
    const token = newDownloadToken();
    expect(token).toMatch(TOKEN_PATTERN);
    expect(newDownloadToken()).not.toBe(token);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('seals the real text (tamper-proof) and redacts the log copy with as many GSM characters', () => {
    const key = sealingKey('testKeyA,testKeyB');
    const sealed = seal('Ihr Zugangscode: K7M2QX', key);
    expect(sealed).not.toContain('K7M2QX');
    expect(unseal(sealed, key)).toBe('Ihr Zugangscode: K7M2QX');
    expect(() => unseal(sealed, sealingKey('another key'))).toThrow();
    const [iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64');
    flipped[0] ^= 1;
    expect(() => unseal([iv, tag, flipped.toString('base64')].join('.'), key)).toThrow();
    expect(redactCode('Code: K7M2QX, nochmal K7M2QX', 'K7M2QX')).toBe(
      'Code: ******, nochmal ******'
    );
  });
});

describe('the public download page', () => {
  const base = {
    locale: 'de' as const,
    practiceName: 'Praxis <Linde>',
    practiceContact: '030 1234',
    title: 'Befund <März>',
    codeLength: 6,
    action: '/d/abc',
  };
  it('asks for the code, offers "send me the code" only in self-service, escapes what it shows', () => {
    const standard = downloadPage({ ...base, selfService: false, state: { kind: 'form' } });
    expect(standard).toContain('Befund &lt;März&gt;');
    expect(standard).toContain('Praxis &lt;Linde&gt;');
    expect(standard).not.toContain('/d/abc/code');
    const self = downloadPage({
      ...base,
      selfService: true,
      state: { kind: 'form', error: 'wrong', attemptsLeft: 2 },
    });
    expect(self).toContain('action="/d/abc/code"');
    expect(self).toContain('Noch 2 Versuche');
    expect(
      downloadPage({ ...base, locale: 'en', selfService: true, state: { kind: 'locked' } })
    ).toContain('the download is locked');
    expect(downloadPage({ ...base, selfService: false, state: { kind: 'gone' } })).not.toContain(
      'Befund'
    );
  });
});
