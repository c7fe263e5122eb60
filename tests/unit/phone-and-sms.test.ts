import {
  isEmailAddress,
  normalizeMobile,
  normalizeThreemaId,
} from '../../server/src/host/domain/phone';
import { analyzeSms } from '../../shared/sms';
import { KNOWN_REASON_CODES, reasonFor } from '../../server/src/outbox/domain/reasons';

describe('mobile numbers (default country DE)', () => {
  it.each([
    ['0171 1234567', '+491711234567'],
    ['+49 171 1234567', '+491711234567'],
    ['0049 171 1234567', '+491711234567'],
    ['(0171) 123-45-67', '+491711234567'],
    ['01511 2345678', '+4915112345678'],
    ['+41 79 123 45 67', '+41791234567'],
    ['+1 415 555 2671', '+14155552671'],
  ])('%s -> %s', (input, e164) => {
    expect(normalizeMobile(input)).toMatchObject({ ok: true, e164 });
  });

  it.each([
    ['030 12345678', 'landline'],
    ['089 1234567', 'landline'],
    ['0800 1234567', 'not-mobile'],
    ['0900 1234567', 'not-mobile'],
    ['0171 123', 'invalid'],
    ['abc', 'invalid'],
    ['', 'empty'],
  ])('refuses %s as %s', (input, problem) => {
    expect(normalizeMobile(input)).toEqual({ ok: false, problem });
  });
});

describe('Threema IDs and e-mail addresses', () => {
  it('upper-cases and checks 8 characters of A-Z, 0-9, *', () => {
    expect(normalizeThreemaId(' echoecho ')).toBe('ECHOECHO');
    expect(normalizeThreemaId('*PRAXIS1')).toBe('*PRAXIS1');
    expect(normalizeThreemaId('ECHO')).toBeNull();
    expect(normalizeThreemaId('ECHO-ECH')).toBeNull();
    expect(normalizeThreemaId('ÄCHOECHO')).toBeNull();
  });

  it('checks e-mail addresses loosely but surely', () => {
    expect(isEmailAddress('a.b@praxis.de')).toBe(true);
    expect(['a@b', 'a b@c.de', '@c.de', 'x@', 42].map(isEmailAddress)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('SMS segments (the cases of protocols.md C6)', () => {
  it.each([
    ['Hallo Welt', 'GSM-7', 10, 1],
    ['Grüße äöüÄÖÜß', 'GSM-7', 13, 1],
    ['Termin – morgen', 'UCS-2', 15, 1],
    ['Preis: 10 €', 'GSM-7', 12, 1],
    ['a'.repeat(160), 'GSM-7', 160, 1],
    ['a'.repeat(161), 'GSM-7', 161, 2],
    ['a'.repeat(306), 'GSM-7', 306, 2],
    ['a'.repeat(307), 'GSM-7', 307, 3],
    [']'.repeat(153), 'GSM-7', 306, 3],
    ['😀'.repeat(35), 'UCS-2', 70, 1],
    ['😀'.repeat(36), 'UCS-2', 72, 2],
    ['a'.repeat(66) + '😀' + 'a'.repeat(66), 'UCS-2', 134, 3],
  ])('%j: %s, %i units, %i segments', (text, encoding, units, segments) => {
    expect(analyzeSms(text)).toMatchObject({ encoding, units, segments });
  });

  it('names the characters that force UCS-2, and never German umlauts', () => {
    expect(analyzeSms('„Grüße“ – bis später 😀').nonGsmCharacters).toEqual(['„', '“', '–', '😀']);
    expect(analyzeSms('Müller, Größe, Äpfel').nonGsmCharacters).toEqual([]);
  });

  it('says how many units are left in the last segment', () => {
    expect(analyzeSms('a'.repeat(150)).unitsLeft).toBe(10);
    expect(analyzeSms('a'.repeat(200)).unitsLeft).toBe(106);
  });
});

describe('failure reasons', () => {
  it('has German and English text for the codes the issue names', () => {
    for (const code of [
      'twilio:21211',
      'twilio:21610',
      'twilio:21635',
      'threema:402',
      'threema:404',
    ]) {
      const reason = reasonFor(code);
      expect(reason.de).not.toEqual(reason.en);
      expect(reason.de.length).toBeGreaterThan(10);
    }
    expect(reasonFor('network:ECONNREFUSED').en).toContain('retry');
    expect(reasonFor('twilio:99999', 'raw text').en).toBe('raw text');
  });

  const promisesRetry = (reason: { de: string; en: string }) =>
    /retry|try again/i.test(reason.en) || /neuer Versuch|erneut versucht/i.test(reason.de);
  const sampleCodes = [
    ...KNOWN_REASON_CODES,
    'network:ECONNRESET',
    'network:ETIMEDOUT',
    'twilio:503',
    'threema:503',
    'twilio:99999',
  ];

  it('has a retry-promising text for each transient code the dispatcher retries', () => {
    for (const code of ['twilio:20429', 'threema:429', 'network:ECONNRESET'])
      expect(promisesRetry(reasonFor(code))).toBe(true);
  });

  it.each(sampleCodes.filter((code) => promisesRetry(reasonFor(code))))(
    'says %s failed for good, in German and English, once no retry follows',
    (code) => {
      const final = reasonFor(code, undefined, { final: true });
      expect(promisesRetry(final)).toBe(false);
      expect(final.en).not.toEqual(reasonFor(code).en);
      expect(final.de).not.toEqual(reasonFor(code).de);
      expect(final.de).not.toEqual(final.en);
      expect(final.en).toMatch(/gave up|not sent/i);
    }
  );

  it('keeps every other reason the same in its final version, and no final reason promises a retry', () => {
    for (const code of sampleCodes) {
      const final = reasonFor(code, 'raw text', { final: true });
      expect(promisesRetry(final)).toBe(false);
      if (!promisesRetry(reasonFor(code, 'raw text')))
        expect(final).toEqual(reasonFor(code, 'raw text'));
    }
  });
});
