// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildClients, buildAppointments, RECORD_TYPES } = require('../../scripts/seed/data');

describe('demo data', () => {
  const clients = buildClients();
  const now = new Date('2026-03-20T10:00:00Z');
  const appointments = buildAppointments(clients, now);

  it('is the same on every run', () => {
    expect(buildClients()).toEqual(clients);
    expect(buildAppointments(buildClients(), now)).toEqual(appointments);
  });

  it('has unique record numbers and seed keys', () => {
    expect(new Set(clients.map((c: any) => c.recordNumber)).size).toBe(clients.length);
    expect(new Set(appointments.map((a: any) => a.seedKey)).size).toBe(200);
  });

  it('books appointments in Berlin working hours across the March DST change', () => {
    const hours = appointments.map((a: any) =>
      Number(
        new Intl.DateTimeFormat('en-GB', {
          timeZone: 'Europe/Berlin',
          hour: '2-digit',
          hourCycle: 'h23',
        }).format(new Date(a.start))
      )
    );
    expect(Math.min(...hours)).toBeGreaterThanOrEqual(8);
    expect(Math.max(...hours)).toBeLessThanOrEqual(19);
    // 08:00 Berlin is 07:00Z before 29 March 2026 and 06:00Z after it.
    expect(appointments.some((a: any) => a.start.endsWith('T07:00:00.000Z'))).toBe(true);
    expect(appointments.some((a: any) => a.start.endsWith('T06:00:00.000Z'))).toBe(true);
  });

  it('gives every client a record type that exists', () => {
    const names = RECORD_TYPES.map((t: any) => t.name);
    expect(clients.every((c: any) => names.includes(c.recordType))).toBe(true);
  });
});
