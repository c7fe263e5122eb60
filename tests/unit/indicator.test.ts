import { indicatorOf } from '../../server/src/notices/domain/notice-indicator';

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 2, 9, minutes));
const row = (
  kind: string,
  status: any,
  minutes: number,
  sendAfterMinutes: number | null = null
) => ({
  kind,
  status,
  createdAt: at(minutes),
  sendAfter: sendAfterMinutes === null ? null : at(sendAfterMinutes),
});

describe('the appointment bubble says how the client learnt of the appointment as it is now', () => {
  it('turns from "notified" to "queued" with the planned time once the appointment was moved and the change notice waits', () => {
    const rows = [row('change', 'queued', 10, 12), row('confirmation', 'delivered', 0)];
    expect(indicatorOf(rows)).toEqual({ indicator: 'queued', plannedAt: at(12).toISOString() });
    expect(
      indicatorOf([row('change', 'sent', 10), row('confirmation', 'delivered', 0)]).indicator
    ).toBe('sent');
  });

  it('counts all channels of the latest notice, and a failed one as failed', () => {
    expect(
      indicatorOf([
        row('change', 'failed', 10),
        row('change', 'delivered', 10),
        row('confirmation', 'sent', 0),
      ]).indicator
    ).toBe('delivered');
    expect(
      indicatorOf([row('cancellation', 'failed', 20), row('confirmation', 'delivered', 0)])
        .indicator
    ).toBe('failed');
  });

  it('ignores superseded notices and planned reminders; without a notice, any message about the appointment counts', () => {
    expect(
      indicatorOf([
        row('change', 'cancelled', 10),
        row('confirmation', 'sent', 0),
        row('reminder', 'queued', 1, 2000),
      ]).indicator
    ).toBe('sent');
    expect(indicatorOf([row('manual', 'sent', 3)]).indicator).toBe('sent');
    expect(indicatorOf([])).toEqual({ indicator: 'none', plannedAt: null });
  });
});
