import { selectProviders } from '../../server/src/providers/selection';

const auto = { providers: { sms: 'auto', threema: 'auto' } } as const;

describe('selectProviders', () => {
  it('uses dry-run and names what is missing when nothing is configured', () => {
    const result = selectProviders(auto, {});
    expect(result.sms).toMatchObject({ provider: 'dry-run', reason: 'no-credentials' });
    expect(result.sms.missing).toEqual([
      'TWILIO_ACCOUNT_SID',
      'TWILIO_AUTH_TOKEN (or TWILIO_API_KEY + TWILIO_API_SECRET)',
      'TWILIO_FROM (or TWILIO_MESSAGING_SERVICE_SID)',
    ]);
    expect(result.threema.missing).toEqual(['THREEMA_GATEWAY_ID', 'THREEMA_SECRET', 'THREEMA_PRIVATE_KEY']);
  });

  it('uses Twilio once account, token and sender are set (API key auth too)', () => {
    const token = selectProviders(auto, { TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 't', TWILIO_FROM: 'Praxis' });
    expect(token.sms).toEqual({ provider: 'twilio', configured: true, missing: [], reason: 'credentials-present' });
    const key = selectProviders(auto, { TWILIO_ACCOUNT_SID: 'AC1', TWILIO_API_KEY: 'SK1', TWILIO_API_SECRET: 's', TWILIO_MESSAGING_SERVICE_SID: 'MG1' });
    expect(key.sms.provider).toBe('twilio');
  });

  it('does not need a private key in Threema basic mode', () => {
    const result = selectProviders(auto, { THREEMA_GATEWAY_ID: '*PRAXIS1', THREEMA_SECRET: 's', THREEMA_MODE: 'basic' });
    expect(result.threema).toMatchObject({ provider: 'threema', configured: true });
  });

  it('keeps an explicit real provider even when incomplete, marked as not configured', () => {
    const result = selectProviders({ providers: { sms: 'twilio', threema: 'dry-run' } }, { TWILIO_ACCOUNT_SID: 'AC1' });
    expect(result.sms).toMatchObject({ provider: 'twilio', configured: false, reason: 'explicit' });
    expect(result.threema).toMatchObject({ provider: 'dry-run', reason: 'explicit' });
  });

  it('treats blank variables as missing', () => {
    const result = selectProviders(auto, { TWILIO_ACCOUNT_SID: '  ', TWILIO_AUTH_TOKEN: 't', TWILIO_FROM: 'x' });
    expect(result.sms.missing).toEqual(['TWILIO_ACCOUNT_SID']);
  });
});
