/**
 * The queue between the host's save and the notice planner: one small row
 * per relevant change of an appointment, written in the save's transaction
 * (so it exists exactly when the change was committed) and deleted once the
 * planner has turned it into outbox rows.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../../constants';
import {
  ambientTransaction,
  fromJson,
  newDocumentId,
  table,
  tableName,
  toDate,
  type Knex,
} from '../../kernel/repositories/db';

export type AppointmentEventAction = 'create' | 'update' | 'delete';

export interface AppointmentEventRow {
  id: number;
  practice: string;
  appointmentDocumentId: string;
  action: AppointmentEventAction;
  before: Record<string, any> | null;
  occurredAt: Date;
  attempts: number;
}

/**
 * A failed event is tried again later, never given up: 30 s after the first
 * failure, doubling up to an hour. It is shown with its error (home page,
 * the appointment's side panel) until it is planned; staff can ask for a new
 * try at once, and every restart tries all of them again.
 */
export const retryDelayMs = (attempts: number): number =>
  Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));

export interface PlanningFailure {
  appointmentDocumentId: string;
  practice: string;
  attempts: number;
  error: string | null;
  since: Date;
  nextAttemptAt: Date | null;
}

export const appointmentEventsRepository = (strapi: Core.Strapi) => {
  const name = tableName(strapi, UID.appointmentEvent);
  const q = (trx?: Knex) => table(strapi, name, trx);
  const tx = async (trx?: Knex) => trx ?? (await ambientTransaction(strapi));

  return {
    async insert(
      event: {
        practice: string;
        appointmentDocumentId: string;
        action: AppointmentEventAction;
        before?: Record<string, unknown> | null;
      },
      now = new Date()
    ) {
      await q(await tx()).insert({
        document_id: newDocumentId(),
        practice: event.practice,
        appointment_document_id: event.appointmentDocumentId,
        action: event.action,
        before: event.before ? JSON.stringify(event.before) : null,
        occurred_at: now,
        attempts: 0,
        created_at: now,
        updated_at: now,
        published_at: now,
      });
    },

    /** The oldest pending events that are due, in the order they happened. */
    async oldest(limit: number, now: Date = new Date()): Promise<AppointmentEventRow[]> {
      const rows = await q(await tx())
        .where((w) => w.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', now))
        .orderBy('id', 'asc')
        .limit(limit);
      return rows.map((row: Record<string, any>) => ({
        id: Number(row.id),
        practice: row.practice,
        appointmentDocumentId: row.appointment_document_id,
        action: row.action,
        before: fromJson<Record<string, any> | null>(row.before, null),
        occurredAt: toDate(row.occurred_at) ?? new Date(),
        attempts: Number(row.attempts ?? 0),
      }));
    },

    async remove(id: number): Promise<void> {
      await q(await tx())
        .where({ id })
        .delete();
    },

    async recordFailure(
      id: number,
      message: string,
      attemptsBefore: number,
      now: Date = new Date()
    ): Promise<void> {
      await q(await tx())
        .where({ id })
        .increment('attempts', 1)
        .update({
          last_error: message.slice(0, 2000),
          next_attempt_at: new Date(now.getTime() + retryDelayMs(attemptsBefore + 1)),
          updated_at: now,
        });
    },

    /** Failed events are due again now (a person fixed the cause, or Strapi restarted); all, or one appointment's. */
    async retryNow(appointmentDocumentId?: string): Promise<number> {
      const builder = q(await tx()).where('attempts', '>', 0);
      if (appointmentDocumentId) builder.andWhere('appointment_document_id', appointmentDocumentId);
      return Number(await builder.update({ next_attempt_at: null, updated_at: new Date() }));
    },

    /** Appointments whose planning failed, newest failure first, with the latest error. */
    async failures(
      limit: number,
      appointmentDocumentId?: string
    ): Promise<{ total: number; items: PlanningFailure[] }> {
      const base = () => {
        const builder = q().where('attempts', '>', 0);
        if (appointmentDocumentId)
          builder.andWhere('appointment_document_id', appointmentDocumentId);
        return builder;
      };
      const [{ n }] = (await base().clone().countDistinct({ n: 'appointment_document_id' })) as {
        n: number | string;
      }[];
      const rows = await base()
        .clone()
        .orderBy('updated_at', 'desc')
        .limit(limit * 3);
      const seen = new Set<string>();
      const items: PlanningFailure[] = [];
      for (const row of rows as Record<string, any>[]) {
        if (seen.has(row.appointment_document_id) || items.length >= limit) continue;
        seen.add(row.appointment_document_id);
        items.push({
          appointmentDocumentId: row.appointment_document_id,
          practice: row.practice,
          attempts: Number(row.attempts),
          error: row.last_error ?? null,
          since: toDate(row.occurred_at) ?? new Date(),
          nextAttemptAt: toDate(row.next_attempt_at),
        });
      }
      return { total: Number(n), items };
    },

    async count(): Promise<number> {
      const [row] = await q(await tx()).count({ n: '*' });
      return Number(row?.n);
    },
  };
};
