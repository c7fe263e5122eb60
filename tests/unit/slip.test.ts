import { icsFor, newSlipCode, SLIP_CODE, slipView } from '../../server/src/domain/slip';

describe('express slip codes and views', () => {
  it('makes 8-character codes from 62 characters, unique in a large sample', () => {
    const codes = Array.from({ length: 5000 }, () => newSlipCode());
    expect(codes.every((code) => /^[A-Za-z0-9]{8}$/.test(code) && SLIP_CODE.test(code))).toBe(true);
    expect(new Set(codes).size).toBe(5000);
    const alphabet = new Set(codes.join(''));
    expect(alphabet.size).toBe(62);
  });

  it('draws again instead of folding bytes >= 248 (no modulo bias)', () => {
    const bytes = Buffer.from([255, 250, 248, 0, 1, 61, 62, 247, 9, 10, 11, 12, 13, 14, 15, 16]);
    // 255, 250, 248 are skipped; 0 A, 1 B, 61 '9', 62 -> 0 A, 247 -> 61 '9', 9 J, 10 K, 11 L
    expect(newSlipCode(8, () => bytes)).toBe('AB9A9JKL');
  });

  it('says valid, moved, cancelled, or gone when expired or unknown', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const later = new Date('2026-12-08T10:00:00Z');
    expect(slipView({ state: 'active', expiresAt: later }, now)).toBe('valid');
    expect(slipView({ state: 'moved', expiresAt: later }, now)).toBe('moved');
    expect(slipView({ state: 'cancelled', expiresAt: later }, now)).toBe('cancelled');
    expect(slipView({ state: 'active', expiresAt: now }, now)).toBe('gone');
    expect(slipView(null, now)).toBe('gone');
  });

  it('writes an iCalendar event in UTC with escaped text', () => {
    const ics = icsFor({
      uid: 'Ab3dE7xZ@praxis.example',
      start: new Date('2026-12-01T13:30:00Z'),
      end: new Date('2026-12-01T14:20:00Z'),
      summary: 'Termin Praxis Lindenblatt',
      location: 'Praxisraum 1, Hauptstraße 12; Berlin',
      now: new Date('2026-11-27T10:00:00Z'),
    });
    expect(ics).toContain('DTSTART:20261201T133000Z\r\nDTEND:20261201T142000Z\r\n');
    expect(ics).toContain('LOCATION:Praxisraum 1\\, Hauptstraße 12\\; Berlin\r\n');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });
});
