/**
 * The queue between the host's save and the notice planner: one small row
 * per relevant change of an appointment, written in the save's transaction
 * (so it exists exactly when the change was committed) and deleted once the
 * planner has turned it into outbox rows.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { ambientTransaction, fromJson, newDocumentId, table, tableName, toDate, type Knex } from './db';

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

/** An event that failed this often is left in the table (with its error) for a person to look at. */
export const MAX_EVENT_ATTEMPTS = 5;

export const appointmentEventsRepository = (strapi: Core.Strapi) => {
  const name = tableName(strapi, UID.appointmentEvent);
  const q = (trx?: Knex) => table(strapi, name, trx);
  const tx = async (trx?: Knex) => trx ?? (await ambientTransaction(strapi));

  return {
    async insert(event: { practice: string; appointmentDocumentId: string; action: AppointmentEventAction; before?: Record<string, unknown> | null }, now = new Date()) {
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

    /** The oldest pending events, in the order they happened. */
    async oldest(limit: number): Promise<AppointmentEventRow[]> {
      const rows = await q(await tx()).where('attempts', '<', MAX_EVENT_ATTEMPTS).orderBy('id', 'asc').limit(limit);
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
      await q(await tx()).where({ id }).delete();
    },

    async recordFailure(id: number, message: string): Promise<void> {
      await q(await tx()).where({ id }).increment('attempts', 1).update({ last_error: message.slice(0, 2000), updated_at: new Date() });
    },

    async count(): Promise<number> {
      const [row] = await q(await tx()).count({ n: '*' });
      return Number((row as any).n);
    },
  };
};
