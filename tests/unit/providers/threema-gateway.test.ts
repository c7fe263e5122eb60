import nacl from 'tweetnacl';
import { FakeThreema } from '../../fakes/threema-server';
import {
  bytesToHex,
  callbackMac,
  createThreemaClient,
  createThreemaProvider,
  decrypt,
  emailHash,
  encryptText,
  pad,
  parseDeliveryReceipt,
  phoneHash,
  unpad,
  validCallbackMac,
} from '../../../server/src/outbox/providers/threema-gateway';
import type { ProviderError } from '../../../server/src/outbox/providers/types';

describe('Threema Gateway wire details (vectors from protocols.md B3, B6)', () => {
  it('hashes phone numbers and e-mail addresses like the official SDKs', () => {
    expect(phoneHash('41791234567')).toBe(
      'ad398f4d7ebe63c6550a486cc6e07f9baa09bd9d8b3d8cb9d9be106d35a7fdbc'
    );
    expect(phoneHash('+41 79 123 45 67')).toBe(
      'ad398f4d7ebe63c6550a486cc6e07f9baa09bd9d8b3d8cb9d9be106d35a7fdbc'
    );
    expect(emailHash('test@threema.ch')).toBe(
      '1ea093239cc5f0e1b6ec81b866265b921f26dc4033025410063309f4d1a8ee2c'
    );
    expect(emailHash('  Test@Threema.CH ')).toBe(
      '1ea093239cc5f0e1b6ec81b866265b921f26dc4033025410063309f4d1a8ee2c'
    );
  });

  it('computes the callback MAC of the reference vector and refuses other secrets', () => {
    const fields = {
      from: 'ECHOECHO',
      to: '*TESTTST',
      messageId: '0102030405060708',
      date: '1616950936',
      nonce: 'f'.repeat(48),
      box: '012345abcdef',
      mac: '622b362e8353658ee649a5548acecc9ce9b88384d6b7e08e212446d68455b14e',
    };
    expect(callbackMac('nevergonnagiveyouup', fields)).toBe(fields.mac);
    expect(validCallbackMac('nevergonnagiveyouup', fields)).toBe(true);
    expect(validCallbackMac('nevergonnaletyoudown', fields)).toBe(false);
    expect(validCallbackMac('nevergonnagiveyouup', { ...fields, mac: 'zz' })).toBe(false);
  });

  it('pads to at least 32 bytes and unpads', () => {
    const short = pad(new Uint8Array([1, 2, 3]), () => new Uint8Array([0]));
    expect(short.length).toBe(32);
    expect(short[31]).toBe(29);
    expect([...unpad(short)]).toEqual([1, 2, 3]);
    const long = pad(new Uint8Array(100), () => new Uint8Array([254]));
    expect(long.length).toBe(100 + 255);
    expect(() => unpad(new Uint8Array([1, 2, 0]))).toThrow('bad padding');
  });

  it('encrypts a text message that the recipient can open (type 0x01, UTF-8)', () => {
    const ours = nacl.box.keyPair();
    const theirs = nacl.box.keyPair();
    const { nonce, box } = encryptText('Grüße 😀', theirs.publicKey, ours.secretKey);
    expect(nonce).toMatch(/^[0-9a-f]{48}$/);
    const plain = decrypt(box, nonce, ours.publicKey, theirs.secretKey);
    expect(plain[0]).toBe(0x01);
    expect(Buffer.from(plain.subarray(1)).toString('utf8')).toBe('Grüße 😀');
    // a fresh nonce each time
    expect(encryptText('x', theirs.publicKey, ours.secretKey).nonce).not.toBe(nonce);
  });

  it('parses delivery receipts and refuses malformed ones', () => {
    expect(
      parseDeliveryReceipt(
        new Uint8Array([0x80, 0x02, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 9, 9, 9, 9, 9])
      )
    ).toEqual({
      status: 2,
      messageIds: ['0102030405060708', '0909090909090909'],
    });
    expect(parseDeliveryReceipt(new Uint8Array([0x80, 0x02, 1, 2, 3]))).toBeNull();
    expect(parseDeliveryReceipt(new Uint8Array([0x01, 0x61]))).toBeNull();
  });
});

describe('Threema client against the local fake gateway', () => {
  const fake = new FakeThreema();
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  // generous by default: the suite shares two cores with the integration tests; hang cases pass 500
  const options = (mode: 'e2e' | 'basic' = 'e2e', timeoutMs = 5_000) => {
    const env = fake.env(mode);
    return {
      gatewayId: env.THREEMA_GATEWAY_ID,
      secret: env.THREEMA_SECRET,
      privateKey: env.THREEMA_PRIVATE_KEY,
      mode,
      apiBaseUrl: fake.url,
      timeoutMs,
    };
  };

  it('sends end to end and caches the public key for an hour', async () => {
    let clock = 0;
    const client = createThreemaClient({ ...options(), now: () => clock });
    const provider = createThreemaProvider(options(), client);
    const first = await provider.send({
      id: 1,
      channel: 'threema',
      to: 'ECHOECHO',
      body: 'Hallo 1',
    });
    expect(first.providerMessageId).toMatch(/^[0-9a-f]{16}$/);
    expect(fake.messages.at(-1)).toMatchObject({ to: 'ECHOECHO', text: 'Hallo 1', mode: 'e2e' });
    const keyBefore = await client.publicKey('ECHOECHO');
    fake.users.get('ECHOECHO')!.keys = nacl.box.keyPair(); // the user re-keys
    expect(bytesToHex(await client.publicKey('ECHOECHO'))).toBe(bytesToHex(keyBefore));
    clock += 60 * 60 * 1000 + 1;
    expect(bytesToHex(await client.publicKey('ECHOECHO'))).not.toBe(bytesToHex(keyBefore));
  });

  it('sends in basic mode with send_simple', async () => {
    const provider = createThreemaProvider(options('basic'));
    await provider.send({ id: 2, channel: 'threema', to: 'KLIENT01', body: 'Einfach' });
    expect(fake.messages.at(-1)).toMatchObject({ to: 'KLIENT01', text: 'Einfach', mode: 'basic' });
  });

  it('looks an ID up by hashed phone number and reads the credits', async () => {
    const client = createThreemaClient(options());
    expect(await client.lookupPhone('+49 151 12345001')).toBe('KLIENT01');
    expect(await client.credits()).toBe(fake.credits);
  });

  it.each([
    [{ status: 401 }, 'threema:401', false, false],
    [{ status: 402 }, 'threema:402', false, false],
    [{ status: 429, retryAfter: '9' }, 'threema:429', true, false],
    [{ status: 500 }, 'threema:500', true, false],
    [{ hang: 1500 }, 'network:ETIMEDOUT', true, true],
  ])('maps %j to %s (retryable %s, ambiguous %s)', async (fault, code, retryable, ambiguous) => {
    fake.faults.push(fault);
    const error = (await createThreemaProvider(options('basic', 'hang' in fault ? 500 : 5_000))
      .send({ id: 3, channel: 'threema', to: 'KLIENT01', body: 'x' })
      .catch((e) => e)) as ProviderError;
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error.ambiguous).toBe(ambiguous);
    if ('retryAfter' in fault) expect(error.retryAfterMs).toBe(9000);
  });

  it('a public key fetch that times out before an e2e send is not ambiguous (nothing was sent)', async () => {
    fake.faults.push({ hang: 1500 });
    const error = (await createThreemaProvider(options('e2e', 500))
      .send({ id: 5, channel: 'threema', to: 'KLIENT02', body: 'x' })
      .catch((e) => e)) as ProviderError;
    expect(error).toMatchObject({ code: 'network:ETIMEDOUT', retryable: true, ambiguous: false });
  });

  it('treats an unknown ID (404) as the recipient’s problem', async () => {
    const error = (await createThreemaProvider(options())
      .send({ id: 4, channel: 'threema', to: 'NOBODY00', body: 'x' })
      .catch((e) => e)) as ProviderError;
    expect(error).toMatchObject({ code: 'threema:404', retryable: false, recipientProblem: true });
  });
});
