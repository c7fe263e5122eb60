import { auditDetails, auditTarget } from '../../server/src/audit/domain/audit';

describe('audit trail details: an allow-list, never content', () => {
  it('keeps only the names of changed prices, not the prices', () => {
    expect(
      auditDetails(
        'prices.changed',
        { smsTenthCents: 80 },
        { practice: 'am-see', priceOverrides: {} }
      )
    ).toEqual({ fields: ['smsTenthCents'] });
  });

  it('keeps only the names of changed settings, not their values', () => {
    expect(
      auditDetails(
        'settings.changed',
        { practicePhone: '030 1234567', smsEnabled: true },
        { practicePhone: '030 1234567' }
      )
    ).toEqual({ fields: ['practicePhone', 'smsEnabled'] });
  });

  it('keeps ids, counts and known words of an answer; drops texts, numbers, addresses and unknown fields', () => {
    const answer = {
      id: 7,
      total: 120,
      channel: 'sms',
      status: 'queued',
      kind: 'bulk',
      text: 'Praxis geschlossen',
      recipient: '+4917112345678',
      to: 'a@b.de',
      code: 'ABC123',
      params: { q: 'x' },
    };
    expect(auditDetails('bulk.started', { text: 'Praxis geschlossen' }, answer)).toEqual({
      id: 7,
      total: 120,
      channel: 'sms',
      status: 'queued',
      kind: 'bulk',
    });
  });

  it('refuses words that do not look like the known ones (a channel field holding a number is dropped)', () => {
    expect(
      auditDetails(
        'message.sent',
        {},
        { channel: '+4917112345678', kind: 'Sehr geehrte Frau Müller', delivery: 'by hand' }
      )
    ).toEqual({});
    expect(auditDetails('message.sent', {}, null)).toEqual({});
  });

  it('names the target from the route parameter or the answer', () => {
    expect(auditTarget('document', { documentId: 'abc' }, null)).toBe('document:abc');
    expect(auditTarget('batch', {}, { id: 12 })).toBe('batch:12');
    expect(auditTarget(undefined, { documentId: 'abc' }, null)).toBeNull();
    expect(auditTarget('message', {}, {})).toBeNull();
    // a practice's prices: the practice the answer names, never another kind's id
    expect(auditTarget('practice', {}, { practice: 'am-see', id: 3 })).toBe('practice:am-see');
    expect(auditTarget('batch', {}, { practice: 'am-see' })).toBeNull();
  });
});
