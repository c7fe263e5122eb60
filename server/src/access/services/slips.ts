/**
 * Express appointment slips: issued when an appointment is created, moved or
 * duplicated (inside the save's transaction), shown on a public page at
 * `<public url>/s/<code>`. The page shows the appointment and the practice's
 * contact, nothing about the client.
 */
import type { Core } from '@strapi/strapi';
import { slipsRepository, type SlipRow } from '../repositories/slips';
import { escapeHtml } from '../domain/html';
import { getService } from '../../kernel/get-service';
import { DateTime } from 'luxon';
import { httpLink, icsFor, newSlipCode, SLIP_CODE, slipView } from '../domain/slip';
import { formatDate } from '../../templates';
import { hostRepository, type HostAppointment } from '../../host';
import { pluginConfig } from '../../kernel/plugin-config';

/** How long a slip stays readable after its appointment. */
const EXPIRES_AFTER_DAYS = 7;

export const slipsService = (strapi: Core.Strapi) => {
  const rows = slipsRepository(strapi);
  const config = pluginConfig(strapi);
  const link = (code: string) => `${config.publicUrl.replace(/\/$/, '')}/s/${code}`;

  async function findByCode(code: string): Promise<SlipRow | null> {
    if (!SLIP_CODE.test(code)) return null;
    return rows.findByCode(code);
  }

  async function currentSlip(
    appointmentDocumentId: string
  ): Promise<{ code: string; link: string } | null> {
    const [slip] = await rows.active(appointmentDocumentId);
    return slip ? { code: slip.code, link: link(slip.code) } : null;
  }

  return {
    link,

    /** A new slip for the appointment as it is now; earlier slips say it moved. */
    async issue(practice: string, appointment: HostAppointment): Promise<string> {
      const start = new Date(appointment.start);
      const current = await rows.active(appointment.documentId);
      const same = current.find(
        (slip) => new Date(slip.appointmentStart).getTime() === start.getTime()
      );
      if (same) return same.code;
      await rows.markMoved(current.map((slip) => slip.id));
      const code = newSlipCode();
      const end = appointment.end ? new Date(appointment.end) : start;
      await rows.create({
        practice,
        code,
        appointmentDocumentId: appointment.documentId,
        appointmentStart: start,
        state: 'active',
        expiresAt: new Date(end.getTime() + EXPIRES_AFTER_DAYS * 86_400_000),
      });
      return code;
    },

    async cancel(appointmentDocumentId: string | string[]): Promise<void> {
      const ids = Array.isArray(appointmentDocumentId)
        ? appointmentDocumentId
        : [appointmentDocumentId];
      await rows.cancelFor(ids);
    },

    /** The link of the appointment's current slip, for {{slipLink}}. */
    async currentLink(appointmentDocumentId: string): Promise<string | null> {
      return (await currentSlip(appointmentDocumentId))?.link ?? null;
    },

    /** The appointment's current slip: its code and link (for the panel's copy and print). */
    current: currentSlip,

    /** The public page (HTML) or the calendar file; `null` = "not found or expired", the same for every kind of miss. */
    async render(
      code: string,
      format: 'html' | 'ics',
      now: Date = new Date()
    ): Promise<{ type: string; body: string } | null> {
      const slip = await findByCode(code);
      if (!slip) return null;
      const appointment = await hostRepository(strapi).findAppointment(slip.appointmentDocumentId);
      // The appointment as it is now wins over the slip's own state, which the planner updates a moment after a save.
      const state: SlipRow['state'] =
        slip.state !== 'active'
          ? slip.state
          : !appointment || appointment.cancelled
            ? 'cancelled'
            : new Date(appointment.start).getTime() !== new Date(slip.appointmentStart).getTime()
              ? 'moved'
              : 'active';
      const view = slipView({ state, expiresAt: new Date(slip.expiresAt) }, now);
      if (view === 'gone') return null;
      const settings = await getService(strapi, 'settings').get(slip.practice);
      const locale = appointment?.client?.language === 'en' ? 'en' : settings.locale;
      const start = DateTime.fromJSDate(new Date(slip.appointmentStart), {
        zone: settings.timeZone,
      }).setLocale(locale === 'de' ? 'de-DE' : 'en-GB');
      const end =
        appointment?.end && view === 'valid'
          ? DateTime.fromISO(new Date(appointment.end).toISOString(), { zone: settings.timeZone })
          : null;
      const practiceName = settings.practiceName ?? '';

      if (format === 'ics') {
        if (view !== 'valid' || !appointment) return null;
        return {
          type: 'text/calendar; charset=utf-8',
          body: icsFor({
            uid: `${slip.code}@${new URL(config.publicUrl).host}`,
            start: new Date(slip.appointmentStart),
            end: new Date(appointment.end ?? slip.appointmentStart),
            summary:
              locale === 'de'
                ? `Termin ${practiceName}`.trim()
                : `Appointment ${practiceName}`.trim(),
            location: appointment.online ? appointment.onlineLink : appointment.location,
            url: link(slip.code),
          }),
        };
      }

      const t = (de: string, en: string) => (locale === 'de' ? de : en);
      // Values are HTML already: dates from luxon, place and link escaped below.
      const rows: [string, string][] = [
        [
          t('Datum', 'Date'),
          `${start.toFormat('cccc')}, ${formatDate(start, locale).replace(/^\w+\.?, /, '')}`,
        ],
        [
          t('Uhrzeit', 'Time'),
          `${start.toFormat('HH:mm')}${end ? `–${end.toFormat('HH:mm')}` : ''}`,
        ],
      ];
      if (end)
        rows.push([
          t('Dauer', 'Duration'),
          `${Math.round(end.diff(start, 'minutes').minutes)} ${t('Minuten', 'minutes')}`,
        ]);
      if (view === 'valid' && appointment) {
        if (appointment.online && appointment.onlineLink) {
          // only an http(s) link is clickable; anything else (javascript:, data:) is shown as text
          const href = httpLink(appointment.onlineLink);
          rows.push([
            t('Online', 'Online'),
            href
              ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer">${escapeHtml(href)}</a>`
              : escapeHtml(appointment.onlineLink),
          ]);
        } else if (appointment.location)
          rows.push([t('Ort', 'Place'), escapeHtml(appointment.location)]);
      }
      const notice =
        view === 'moved'
          ? t(
              'Dieser Termin wurde verschoben. Den neuen Termin finden Sie in Ihrer neuesten Nachricht.',
              'This appointment was moved. Your latest message has the new time.'
            )
          : view === 'cancelled'
            ? t('Dieser Termin wurde abgesagt.', 'This appointment was cancelled.')
            : null;
      const contact = [settings.practicePhone, settings.practiceEmail]
        .filter(Boolean)
        .map((value) => escapeHtml(value!))
        .join(' · ');
      const body = `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(t('Terminzettel', 'Appointment slip'))}</title>
<style>body{font-family:system-ui,sans-serif;margin:0;background:#f6f6f9;color:#32324d}main{max-width:28rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.4rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.5rem 1rem;background:#fff;padding:1rem;border-radius:8px}
dt{color:#666687}dd{margin:0;font-weight:600}.notice{background:#fcecea;color:#b72b1a;padding:1rem;border-radius:8px;font-weight:600}
.strike dd{text-decoration:line-through}a.button{display:inline-block;margin-top:1rem;padding:.75rem 1rem;background:#4945ff;color:#fff;border-radius:6px;text-decoration:none}</style></head>
<body><main>
<h1>${escapeHtml(t('Terminzettel', 'Appointment slip'))}${practiceName ? ` · ${escapeHtml(practiceName)}` : ''}</h1>
${notice ? `<p class="notice" data-state="${view}">${escapeHtml(notice)}</p>` : ''}
<dl class="${view === 'valid' ? '' : 'strike'}">${rows.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>`).join('')}</dl>
${view === 'valid' ? `<a class="button" href="/s/${slip.code}.ics">${escapeHtml(t('In den Kalender', 'Add to calendar'))}</a>` : ''}
${contact ? `<p>${escapeHtml(t('Fragen?', 'Questions?'))} ${contact}</p>` : ''}
</main></body></html>`;
      return { type: 'text/html; charset=utf-8', body };
    },
  };
};
