import { SMS_MAX_CHARACTERS, THREEMA_MAX_BYTES } from '../../shared/sms';
import { TEXT_LIMITS, tooLong } from '../../shared/text-limits';

describe('text limits', () => {
  it('are the providers’ own for SMS and Threema bodies, and bounded for everything else', () => {
    expect(TEXT_LIMITS.body).toEqual({
      sms: SMS_MAX_CHARACTERS,
      threema: THREEMA_MAX_BYTES,
      email: 20_000,
    });
    expect(TEXT_LIMITS.template.sms).toBe(SMS_MAX_CHARACTERS);
    for (const limit of [
      ...Object.values(TEXT_LIMITS.template),
      TEXT_LIMITS.subject,
      TEXT_LIMITS.templateSubject,
    ]) {
      expect(limit).toBeGreaterThan(0);
      expect(limit).toBeLessThanOrEqual(40_000);
    }
  });

  it('says nothing at the limit and names both lengths, in German and English, one beyond it', () => {
    expect(tooLong('x'.repeat(200), 200)).toBeNull();
    expect(tooLong('x'.repeat(20_001), 20_000)).toEqual({
      de: 'Der Text hat 20.001 Zeichen; erlaubt sind höchstens 20.000.',
      en: 'The text has 20,001 characters; at most 20,000 are allowed.',
    });
  });
});
