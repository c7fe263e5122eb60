/**
 * Turns appointment events into notices, outside the host's request.
 *
 * The document middleware only writes one small event row in the save's
 * transaction (that keeps saving an appointment nearly as fast as without
 * the plugin); this planner, run at the start of every dispatcher tick,
 * reads the appointment as it is now and plans with the time the change
 * happened, so settle delay, "already due at booking" and quiet hours mean
 * the same as if it had planned inside the request. One instance plans at a
 * time (a lease), in the order the events happened; planning is idempotent
 * (the outbox keys), so an event planned twice after a crash adds nothing.
 */
import type { Core } from '@strapi/strapi';
import { transaction } from '../../kernel/repositories/db';
import { LEASES } from '../../constants';
import { getService } from '../../kernel/get-service';
import { newInstanceId } from '../../kernel/instance';
import {
  appointmentEventsRepository,
  type AppointmentEventAction,
  type AppointmentEventRow,
} from '../repositories/appointment-events';
import { hostRepository, type HostAppointment } from '../../host';
import { leasesRepository } from '../../kernel/repositories/leases';

const LEASE = LEASES.planner;
const LEASE_MS = 60_000;
const BATCH = 100;
/** the running planning pass of each Strapi instance in this process */
const running = new WeakMap<object, Promise<number | null>>();
const owner = newInstanceId();

/** What the planner needs of an appointment before an update: when it was and whether it was cancelled. */
export type BeforeUpdate = Pick<HostAppointment, 'start' | 'end' | 'cancelled'>;

/**
 * What staff and the log see of a planning failure: the database's own
 * reason, not the SQL statement knex puts in front of it ("insert into ...
 * - <reason>"), which is long and tells a person nothing.
 */
export function readableError(error: unknown): string {
  const err = error as { message?: string; sql?: string };
  const message = err?.message ?? String(error);
  if (err?.sql || /^(insert|update|delete|select|with)\s/i.test(message)) {
    const cut = message.lastIndexOf(' - ');
    if (cut >= 0) return message.slice(cut + 3).slice(0, 2000);
  }
  return message.slice(0, 2000);
}

export const plannerService = (strapi: Core.Strapi) => {
  const events = appointmentEventsRepository(strapi);
  const host = hostRepository(strapi);
  const notices = () => getService(strapi, 'notices');

  async function planOne(event: AppointmentEventRow): Promise<void> {
    if (event.action === 'delete') {
      if (event.before)
        await notices().onAppointmentEvent(
          { action: 'delete', before: event.before as HostAppointment },
          event.occurredAt
        );
      return;
    }
    // Read as it is now: a later event of the same appointment plans from the same state, so both agree.
    const after = await host.findAppointment(event.appointmentDocumentId);
    if (!after) return; // deleted since; its delete event follows
    if (event.action === 'create')
      return notices().onAppointmentEvent({ action: 'create', after }, event.occurredAt);
    const before = { ...after, ...(event.before as BeforeUpdate) };
    return notices().onAppointmentEvent({ action: 'update', before, after }, event.occurredAt);
  }

  return {
    /** Called by the document middleware inside the save's transaction. */
    async record(
      practice: string,
      appointmentDocumentId: string,
      action: AppointmentEventAction,
      before?: Record<string, unknown> | null
    ) {
      await transaction(strapi, async ({ onCommit }) => {
        await events.insert({ practice, appointmentDocumentId, action, before });
        onCommit(() => getService(strapi, 'dispatcher').kick());
      });
    },

    /** Appointments whose notices could not be planned, with the reason (home page, side panel). */
    failures(limit = 20, appointmentDocumentId?: string) {
      return events.failures(limit, appointmentDocumentId);
    },

    /** Tries failed events again now, and kicks the dispatcher (whose tick plans). */
    async retry(appointmentDocumentId?: string): Promise<number> {
      const due = await events.retryNow(appointmentDocumentId);
      getService(strapi, 'dispatcher').kick();
      return due;
    },

    /**
     * Plans every pending event, oldest first. Returns how many were
     * planned, or null when another instance holds the planning lease.
     */
    processPending(): Promise<number | null> {
      // One run per process at a time (the lease is per process); a second caller shares the running one.
      let pass = running.get(strapi);
      if (!pass) {
        pass = planPending().finally(() => running.delete(strapi));
        running.set(strapi, pass);
      }
      return pass;
    },
  };

  async function planPending(): Promise<number | null> {
    const leases = leasesRepository(strapi);
    if (!(await leases.acquire(LEASE, owner, LEASE_MS))) return null;
    let planned = 0;
    try {
      for (;;) {
        const batch = await events.oldest(BATCH);
        for (const event of batch) {
          try {
            await transaction(strapi, async () => {
              await planOne(event);
              await events.remove(event.id);
            });
            planned += 1;
          } catch (error) {
            const message = readableError(error);
            strapi.log.error(
              `[messaging] planning notices for appointment ${event.appointmentDocumentId} failed: ${message}`
            );
            await events.recordFailure(event.id, message, event.attempts);
          }
        }
        if (batch.length < BATCH) break;
        if (!(await leases.acquire(LEASE, owner, LEASE_MS))) break;
      }
    } finally {
      await leases.release(LEASE, owner);
    }
    return planned;
  }
};
