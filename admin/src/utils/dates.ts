const pad = (n: number) => String(n).padStart(2, '0');

/** "YYYY-MM-DD" of today plus `offset` days in the browser's calendar (what a date input shows). */
export function localDay(offset = 0, now = new Date()): string {
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset);
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

/**
 * A day range from two date inputs as instants: from the start of the first
 * day to the start of the day after the last, both at the browser's midnight.
 * Unparseable input is passed on as typed, so the server names the field.
 */
export function dayRangeInstants(
  from: string,
  to: string
): { appointmentsFrom: string; appointmentsTo: string } {
  const start = (day: string, plusDays: number) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
    if (!match) return day;
    return new Date(
      Number(match[1]),
      Number(match[2]) - 1,
      Number(match[3]) + plusDays
    ).toISOString();
  };
  return { appointmentsFrom: start(from, 0), appointmentsTo: start(to, 1) };
}

/** The calendar day after "YYYY-MM-DD" (today when the input is empty or unparseable). */
export function dayAfter(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return localDay(0);
  return localDay(0, new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1));
}
