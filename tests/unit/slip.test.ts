import {
  httpLink,
  icsFor,
  newSlipCode,
  SLIP_CODE,
  slipView,
} from '../../server/src/access/domain/slip';

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

  it('lets no bare CR, LF or other control character into a line, and folds lines at 75 octets without splitting a character (RFC 5545 3.1)', () => {
    const location = `Praxisraum\r1\nHinterhaus\u0007 ${'Größenwahnstraße '.repeat(8)}Ende`;
    const ics = icsFor({
      uid: 'x@p',
      start: new Date('2026-12-01T13:30:00Z'),
      end: new Date('2026-12-01T14:20:00Z'),
      summary: 'Termin',
      location,
    });
    const physical = ics.split('\r\n').slice(0, -1);
    for (const line of physical) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      // eslint-disable-next-line no-control-regex -- no control character may be left
      expect(line).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f]/);
    }
    // unfolded (CRLF + one space removed) it is the escaped text, whole
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain(
      `LOCATION:Praxisraum\\n1\\nHinterhaus ${'Größenwahnstraße '.repeat(8)}Ende\r\n`
    );
    expect(physical.filter((line) => line.startsWith(' ')).length).toBeGreaterThan(1);
  });

  it('renders only http(s) links', () => {
    expect(httpLink('https://meet.example.org/abc')).toBe('https://meet.example.org/abc');
    expect(httpLink(' http://meet.example.org ')).toBe('http://meet.example.org');
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,x',
      '//evil.example',
      'meet.example.org',
      '',
      null,
    ])
      expect(httpLink(bad)).toBeNull();
  });
});
