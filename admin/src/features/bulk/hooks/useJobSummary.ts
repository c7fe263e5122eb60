import { useIntl } from 'react-intl';
import type { BatchProgress } from '../../../../../shared/contracts/bulk';
import { useT } from '../../../utils/useT';

/**
 * One line saying what a job was about, from the parameters the server keeps
 * with it: the days and number of appointments of a mass cancellation, the
 * recipients of a bulk message.
 */
export function useJobSummary() {
  const t = useT();
  const { locale } = useIntl();
  // Days are calendar dates ("YYYY-MM-DD"): formatted at noon UTC so no time zone moves them.
  const day = (iso: string) =>
    new Date(`${iso}T12:00:00Z`).toLocaleDateString(locale, {
      weekday: 'short',
      day: '2-digit',
      month: '2-digit',
      timeZone: 'UTC',
    });
  const date = (value: string) =>
    new Date(value).toLocaleDateString(locale, { day: '2-digit', month: '2-digit' });

  return (job: BatchProgress): string => {
    const params = (job.params ?? {}) as Record<string, any>;
    if (job.kind === 'mass-cancellation') {
      const days = ((params.days as string[] | undefined) ?? []).map(day).join(', ');
      const hours = params.from || params.to ? ` ${params.from ?? ''}–${params.to ?? ''}` : '';
      return t(
        'jobs.mass',
        '{days}{hours}: {appointments, plural, one {# appointment} other {# appointments}}',
        {
          days,
          hours,
          appointments: Number(params.appointments ?? 0),
        }
      );
    }
    const recipients = (params.recipients ?? {}) as Record<string, any>;
    if (recipients.all) return t('bulk.recipients.all', 'All clients');
    if (recipients.recordTypes)
      return t('jobs.recordTypes', '{count, plural, one {# record type} other {# record types}}', {
        count: recipients.recordTypes.length,
      });
    if (recipients.clientIds)
      return t('jobs.clients', '{count, plural, one {# chosen client} other {# chosen clients}}', {
        count: recipients.clientIds.length,
      });
    if (recipients.appointmentsFrom)
      return t('jobs.appointments', 'Clients with appointments {from}–{to}', {
        from: date(recipients.appointmentsFrom),
        to: date(recipients.appointmentsTo),
      });
    return '';
  };
}
