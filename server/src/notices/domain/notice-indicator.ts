/** The appointment panel's bubble: pure, unit-tested. */
import type { MessageStatus } from '../../../../shared/vocabulary';

export type Indicator = 'none' | 'queued' | 'sent' | 'delivered' | 'failed';

/** Notices that tell the client the appointment's current state: the bubble speaks of the latest one. */
const STATE_NOTICES = new Set(['confirmation', 'change', 'cancellation']);
/** Rows written for one notice (its channels) are queued within this span. */
const ONE_NOTICE_MS = 5_000;

type IndicatorRow = {
  kind: string;
  status: MessageStatus;
  createdAt: Date | null;
  sendAfter: Date | null;
};

function bestOf(statuses: MessageStatus[]): Indicator {
  if (statuses.includes('delivered')) return 'delivered';
  if (statuses.some((s) => s === 'sent')) return 'sent';
  if (
    statuses.some((s) => s === 'queued' || s === 'claimed' || s === 'sending' || s === 'checking')
  )
    return 'queued';
  if (
    statuses.some(
      (s) => s === 'failed' || s === 'undeliverable' || s === 'needs-review' || s === 'skipped'
    )
  )
    return 'failed';
  return 'none';
}

/**
 * The bubble: how the client learnt of the appointment as it is now. It
 * follows the latest confirmation, change or cancellation (all its
 * channels), so after a move the green "notified" of the old confirmation
 * turns into "queued" until the change notice is out; a superseded
 * (cancelled) notice does not count. Without such a notice, any message
 * about the appointment. `plannedAt`: when a queued notice goes out.
 */
export function indicatorOf(rows: IndicatorRow[]): {
  indicator: Indicator;
  plannedAt: string | null;
} {
  const notices = rows.filter((row) => STATE_NOTICES.has(row.kind) && row.status !== 'cancelled');
  const time = (row: IndicatorRow) => row.createdAt?.getTime() ?? 0;
  let group = rows;
  if (notices.length > 0) {
    const latest = Math.max(...notices.map(time));
    group = notices.filter((row) => time(row) >= latest - ONE_NOTICE_MS);
  }
  const indicator = bestOf(group.map((row) => row.status));
  const queued = group
    .filter((row) => ['queued', 'claimed'].includes(row.status) && row.sendAfter)
    .map((row) => row.sendAfter!.getTime());
  return {
    indicator,
    plannedAt:
      indicator === 'queued' && queued.length > 0
        ? new Date(Math.min(...queued)).toISOString()
        : null,
  };
}
