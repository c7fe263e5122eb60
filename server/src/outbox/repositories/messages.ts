/**
 * The only code that reads and writes outbox/log rows. Hot paths (batched
 * enqueue, claim) use knex directly on the plugin's table; every status
 * change is a conditional UPDATE so a late or duplicate writer changes
 * nothing.
 */
import type { Core } from '@strapi/strapi';
import { UID, type Channel, type MessageKind, type MessageStatus } from '../../constants';
import {
  historyEntry,
  NOT_HANDED_OVER,
  PENDING_STATUSES,
  type HistoryEntry,
} from '../domain/outbox';
import {
  ambientTransaction,
  dialectOf,
  fromJson,
  newDocumentId,
  table,
  tableName,
  toDate,
  type Knex,
} from '../../kernel/repositories/db';

export interface MessageDraft {
  practice: string;
  kind: MessageKind;
  channel: Channel;
  idempotencyKey: string;
  recipient: string;
  body: string;
  subject?: string | null;
  clientDocumentId?: string | null;
  appointmentDocumentId?: string | null;
  batchId?: number | null;
  segments?: number | null;
  costTenthCents?: number | null;
  sendAfter?: Date | null;
  /** a row that must not be sent: written as skipped, with the reason */
  skippedReason?: { code: string; message: string } | null;
  meta?: Record<string, unknown> | null;
}

export interface MessageRow {
  id: number;
  documentId: string;
  practice: string;
  kind: MessageKind;
  channel: Channel;
  status: MessageStatus;
  idempotencyKey: string;
  recipient: string | null;
  clientDocumentId: string | null;
  appointmentDocumentId: string | null;
  batchId: number | null;
  subject: string | null;
  body: string | null;
  segments: number | null;
  costTenthCents: number | null;
  sendAfter: Date | null;
  attempts: number;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  provider: string | null;
  providerMessageId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** when the row was handed to its provider (became `sending`); a lookup searches from here */
  handedOverAt: Date | null;
  sentAt: Date | null;
  deliveredAt: Date | null;
  history: HistoryEntry[];
  meta: Record<string, unknown> | null;
  /** pending: accepted by a paid provider, not in the ledger yet; charged: in the ledger */
  chargeState: 'pending' | 'charged' | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

const COLUMNS: Record<keyof MessageRow, string> = {
  id: 'id',
  documentId: 'document_id',
  practice: 'practice',
  kind: 'kind',
  channel: 'channel',
  status: 'status',
  idempotencyKey: 'idempotency_key',
  recipient: 'recipient',
  clientDocumentId: 'client_document_id',
  appointmentDocumentId: 'appointment_document_id',
  batchId: 'batch_id',
  subject: 'subject',
  body: 'body',
  segments: 'segments',
  costTenthCents: 'cost_tenth_cents',
  sendAfter: 'send_after',
  attempts: 'attempts',
  leaseOwner: 'lease_owner',
  leaseUntil: 'lease_until',
  provider: 'provider',
  providerMessageId: 'provider_message_id',
  errorCode: 'error_code',
  errorMessage: 'error_message',
  handedOverAt: 'handed_over_at',
  sentAt: 'sent_at',
  deliveredAt: 'delivered_at',
  history: 'history',
  meta: 'meta',
  chargeState: 'charge_state',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};
const DATE_FIELDS = new Set<keyof MessageRow>([
  'sendAfter',
  'leaseUntil',
  'handedOverAt',
  'sentAt',
  'deliveredAt',
  'createdAt',
  'updatedAt',
]);

export function rowFromDb(raw: Record<string, unknown>): MessageRow {
  const row = {} as Record<string, unknown>;
  for (const [field, column] of Object.entries(COLUMNS) as [keyof MessageRow, string][]) {
    const value = raw[column];
    if (DATE_FIELDS.has(field)) row[field] = toDate(value);
    else if (field === 'history') row[field] = fromJson<HistoryEntry[]>(value, []);
    else if (field === 'meta') row[field] = fromJson<Record<string, unknown> | null>(value, null);
    else if (
      field === 'id' ||
      field === 'attempts' ||
      field === 'segments' ||
      field === 'costTenthCents' ||
      field === 'batchId'
    )
      row[field] =
        value === null || value === undefined ? (field === 'attempts' ? 0 : null) : Number(value);
    else row[field] = value ?? null;
  }
  return row as unknown as MessageRow;
}

/** Column/value pairs for an UPDATE from a partial row (JSON stringified, dates as Date). */
function toDbChanges(changes: Partial<MessageRow>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(changes) as [keyof MessageRow, unknown][]) {
    out[COLUMNS[field]] =
      field === 'history' || field === 'meta'
        ? value === null
          ? null
          : JSON.stringify(value)
        : value;
  }
  return out;
}

const INSERT_CHUNK = 500;

/** A row an instance holds under a lease: the claim it belongs to. */
type Held = { id: number; owner: string };

export interface ListFilters {
  practice: string;
  channel?: Channel;
  status?: MessageStatus | readonly MessageStatus[];
  kind?: MessageKind;
  clientDocumentId?: string;
  appointmentDocumentId?: string;
  batchId?: number;
  from?: Date;
  to?: Date;
  q?: string;
}

export const messagesRepository = (strapi: Core.Strapi) => {
  const name = tableName(strapi, UID.message);
  const q = (trx?: Knex) => table(strapi, name, trx);
  /**
   * The given transaction, else the caller's running one, else none (the
   * pool). Resolved before building: a knex builder is thenable, so an async
   * function must not return one.
   */
  const tx = async (trx?: Knex) => trx ?? (await ambientTransaction(strapi));

  /** One UPDATE per chunk of rows held under these leases (id and owner), in these statuses; how many it changed. */
  async function updateHeld(
    held: Held[],
    statuses: MessageStatus[],
    changes: Record<string, unknown>
  ): Promise<number> {
    let changed = 0;
    for (let start = 0; start < held.length; start += INSERT_CHUNK) {
      const chunk = held.slice(start, start + INSERT_CHUNK);
      changed += Number(
        await q(await tx())
          .whereIn(
            [COLUMNS.id, COLUMNS.leaseOwner],
            chunk.map((item) => [item.id, item.owner])
          )
          .whereIn(COLUMNS.status, statuses)
          .update(changes)
      );
    }
    return changed;
  }

  return {
    columns: COLUMNS,

    /**
     * Inserts in chunks; a row whose idempotency key exists already is left
     * alone (ON CONFLICT DO NOTHING / INSERT IGNORE / INSERT OR IGNORE).
     * Read the rows back with findByKeys.
     */
    async insertMany(drafts: MessageDraft[], trx: Knex, now: Date = new Date()): Promise<void> {
      const queuedHistory = JSON.stringify([historyEntry('queued', now)]);
      for (let start = 0; start < drafts.length; start += INSERT_CHUNK) {
        const rows = drafts.slice(start, start + INSERT_CHUNK).map((draft) => {
          const status: MessageStatus = draft.skippedReason ? 'skipped' : 'queued';
          return {
            document_id: newDocumentId(),
            practice: draft.practice,
            kind: draft.kind,
            channel: draft.channel,
            status,
            idempotency_key: draft.idempotencyKey,
            recipient: draft.recipient,
            client_document_id: draft.clientDocumentId ?? null,
            appointment_document_id: draft.appointmentDocumentId ?? null,
            batch_id: draft.batchId ?? null,
            subject: draft.subject ?? null,
            body: draft.body,
            segments: draft.segments ?? null,
            cost_tenth_cents: draft.costTenthCents ?? null,
            send_after: draft.sendAfter ?? now,
            attempts: 0,
            error_code: draft.skippedReason?.code ?? null,
            error_message: draft.skippedReason?.message ?? null,
            history: draft.skippedReason
              ? JSON.stringify([historyEntry(status, now, draft.skippedReason.message)])
              : queuedHistory,
            meta: draft.meta ? JSON.stringify(draft.meta) : null,
            created_at: now,
            updated_at: now,
            published_at: now,
          };
        });
        await q(await tx(trx))
          .insert(rows)
          .onConflict(COLUMNS.idempotencyKey)
          .ignore();
      }
    },

    async findByKeys(keys: string[], trx?: Knex): Promise<MessageRow[]> {
      const found: MessageRow[] = [];
      for (let start = 0; start < keys.length; start += INSERT_CHUNK) {
        const rows = await q(await tx(trx)).whereIn(
          COLUMNS.idempotencyKey,
          keys.slice(start, start + INSERT_CHUNK)
        );
        found.push(...rows.map(rowFromDb));
      }
      return found;
    },

    async findById(id: number, trx?: Knex): Promise<MessageRow | null> {
      const raw = await q(await tx(trx))
        .where({ id })
        .first();
      return raw ? rowFromDb(raw) : null;
    },

    async findByProviderId(providerMessageId: string): Promise<MessageRow | null> {
      const raw = await q(await tx())
        .where(COLUMNS.providerMessageId, providerMessageId)
        .first();
      return raw ? rowFromDb(raw) : null;
    },

    /**
     * Claims up to `limit` due rows of one channel for `owner`: status
     * queued -> claimed, lease until `leaseUntil`. A claimed row is only in
     * this instance's buffer; it is handed over (handOver) one by one.
     * PostgreSQL and MariaDB lock the chosen rows with FOR UPDATE SKIP
     * LOCKED so instances never wait on each other; SQLite has one writer,
     * so one UPDATE ... WHERE id IN (SELECT ...) is atomic.
     */
    async claimDue(
      owner: string,
      channel: Channel,
      limit: number,
      now: Date,
      leaseUntil: Date
    ): Promise<MessageRow[]> {
      if (limit <= 0) return [];
      const dialect = dialectOf(strapi);
      const claimUpdate = {
        [COLUMNS.status]: 'claimed',
        [COLUMNS.leaseOwner]: owner,
        [COLUMNS.leaseUntil]: leaseUntil,
        [COLUMNS.updatedAt]: now,
      };
      const due = (builder: ReturnType<typeof q>) =>
        builder
          .select('id')
          .where(COLUMNS.status, 'queued')
          .andWhere(COLUMNS.channel, channel)
          .andWhere((w) => w.whereNull(COLUMNS.sendAfter).orWhere(COLUMNS.sendAfter, '<=', now))
          .orderBy(COLUMNS.sendAfter, 'asc')
          .orderBy('id', 'asc')
          .limit(limit);

      if (dialect === 'sqlite') {
        await q(await tx())
          .whereIn('id', due(q(await tx())))
          .andWhere(COLUMNS.status, 'queued')
          .update(claimUpdate);
        return (
          await q(await tx())
            .where(COLUMNS.leaseOwner, owner)
            .andWhere(COLUMNS.status, 'claimed')
            .orderBy('id', 'asc')
        ).map(rowFromDb);
      }

      return strapi.db.connection.transaction(async (trx) => {
        const ids = (
          await due(q(await tx(trx)))
            .forUpdate()
            .skipLocked()
        ).map((row: { id: number }) => row.id);
        if (ids.length === 0) return [];
        await q(await tx(trx))
          .whereIn('id', ids)
          .update(claimUpdate);
        return (
          await q(await tx(trx))
            .whereIn('id', ids)
            .orderBy('id', 'asc')
        ).map(rowFromDb);
      });
    },

    /**
     * The hand-over: claimed -> sending, in one conditional UPDATE that only
     * applies while `owner` still holds a live lease on the row (not
     * cancelled, not given back by an expiry meanwhile). Counts the attempt
     * and gives the request a fresh lease. False: do not send.
     */
    async handOver(id: number, owner: string, now: Date, leaseUntil: Date): Promise<boolean> {
      const count = await q(await tx())
        .where({ id })
        .andWhere(COLUMNS.status, 'claimed')
        .andWhere(COLUMNS.leaseOwner, owner)
        .andWhere(COLUMNS.leaseUntil, '>', now)
        .update({
          [COLUMNS.status]: 'sending',
          [COLUMNS.leaseUntil]: leaseUntil,
          [COLUMNS.handedOverAt]: now,
          [COLUMNS.updatedAt]: now,
          [COLUMNS.attempts]: strapi.db.connection.raw('?? + 1', [COLUMNS.attempts]),
        });
      return Number(count) > 0;
    },

    /** Renews the leases of rows this instance holds (claimed or sending); returns how many it still holds. */
    renewLeases(held: Held[], leaseUntil: Date): Promise<number> {
      return updateHeld(held, ['claimed', 'sending'], { [COLUMNS.leaseUntil]: leaseUntil });
    },

    /** Gives claimed rows back to the queue: this instance's own (shutting down), never handed over. */
    releaseClaims(held: Held[]): Promise<number> {
      return updateHeld(held, ['claimed'], {
        [COLUMNS.status]: 'queued',
        [COLUMNS.leaseOwner]: null,
        [COLUMNS.leaseUntil]: null,
        [COLUMNS.updatedAt]: new Date(),
      });
    },

    /**
     * Claimed rows whose lease ran out (their instance died or hung before
     * handing them over) go back to the queue in one UPDATE: they never
     * reached a provider, so sending them later is safe.
     */
    async releaseExpiredClaims(now: Date): Promise<number> {
      // Find them first without locking, then update by primary key: an
      // UPDATE over the status range would lock every claimed row it scans
      // (InnoDB), which deadlocks with other instances' claims.
      const ids = (
        await q(await tx())
          .select('id')
          .where(COLUMNS.status, 'claimed')
          .andWhere(COLUMNS.leaseUntil, '<', now)
          .limit(1000)
      ).map((row: { id: number }) => row.id);
      if (ids.length === 0) return 0;
      return Number(
        await q(await tx())
          .whereIn('id', ids)
          .andWhere(COLUMNS.status, 'claimed')
          .andWhere(COLUMNS.leaseUntil, '<', now)
          .update({
            [COLUMNS.status]: 'queued',
            [COLUMNS.leaseOwner]: null,
            [COLUMNS.leaseUntil]: null,
            [COLUMNS.updatedAt]: now,
          })
      );
    },

    /**
     * Takes up to `limit` due `checking` rows for a lookup at the provider:
     * the row stays `checking`, `owner` holds it until `leaseUntil` so two
     * instances do not ask for the same row at once.
     */
    async claimChecks(
      owner: string,
      limit: number,
      now: Date,
      leaseUntil: Date
    ): Promise<MessageRow[]> {
      const ids = (
        await q(await tx())
          .select('id')
          .where(COLUMNS.status, 'checking')
          .andWhere(COLUMNS.sendAfter, '<=', now)
          .andWhere((w) => w.whereNull(COLUMNS.leaseUntil).orWhere(COLUMNS.leaseUntil, '<', now))
          .orderBy(COLUMNS.sendAfter, 'asc')
          .limit(limit)
      ).map((row: { id: number }) => row.id);
      if (ids.length === 0) return [];
      await q(await tx())
        .whereIn('id', ids)
        .andWhere(COLUMNS.status, 'checking')
        .andWhere((w) => w.whereNull(COLUMNS.leaseUntil).orWhere(COLUMNS.leaseUntil, '<', now))
        .update({ [COLUMNS.leaseOwner]: owner, [COLUMNS.leaseUntil]: leaseUntil });
      return (
        await q(await tx())
          .whereIn('id', ids)
          .andWhere(COLUMNS.leaseOwner, owner)
          .andWhere(COLUMNS.status, 'checking')
      ).map(rowFromDb);
    },

    /** Which of these provider ids are recorded for a row other than `exceptId` (a lookup must not take another row's message). */
    async providerIdsTaken(providerMessageIds: string[], exceptId: number): Promise<Set<string>> {
      if (providerMessageIds.length === 0) return new Set();
      const rows = await q(await tx())
        .select(COLUMNS.providerMessageId)
        .whereIn(COLUMNS.providerMessageId, providerMessageIds)
        .andWhereNot('id', exceptId);
      return new Set(rows.map((row: Record<string, string>) => row[COLUMNS.providerMessageId]));
    },

    /**
     * Applies `changes` only while the row is still in `expected` status (and
     * still held by `leaseOwner` when given). Returns whether it applied.
     */
    async updateIf(
      id: number,
      expected: { status: MessageStatus | MessageStatus[]; leaseOwner?: string },
      changes: Partial<MessageRow>,
      trx?: Knex
    ): Promise<boolean> {
      const statuses = Array.isArray(expected.status) ? expected.status : [expected.status];
      let builder = q(await tx(trx))
        .where({ id })
        .whereIn(COLUMNS.status, statuses);
      if (expected.leaseOwner) builder = builder.andWhere(COLUMNS.leaseOwner, expected.leaseOwner);
      const count = await builder.update(toDbChanges({ ...changes, updatedAt: new Date() }));
      return Number(count) > 0;
    },

    /**
     * Records many accepted sends in ONE statement (a CASE per column):
     * fewer round trips than one UPDATE each, which is what limits throughput
     * with a remote database. A row counts only while it is still `sending`
     * under the same lease; returns the ids that were not updated so the
     * caller can look at them one by one.
     */
    async markSentMany(
      items: {
        id: number;
        owner: string;
        provider: string;
        providerMessageId: string;
        segments?: number;
        billable: boolean;
        history: HistoryEntry[];
      }[],
      sentAt: Date,
      trx?: Knex
    ): Promise<number[]> {
      if (items.length === 0) return [];
      const knex = strapi.db.connection;
      const dialect = dialectOf(strapi);
      const json = dialect === 'postgres' ? 'CAST(? AS jsonb)' : '?';
      const caseOf = (
        column: string,
        value: (item: (typeof items)[number]) => unknown,
        cast = '?',
        fallback = true
      ) =>
        knex.raw(
          `CASE ?? ${items.map(() => `WHEN ? THEN ${cast}`).join(' ')} ${fallback ? 'ELSE ??' : ''} END`,
          [
            COLUMNS.id,
            ...items.flatMap((item) => [item.id, value(item)]),
            ...(fallback ? [column] : []),
          ]
        );
      const withSegments = items.filter((item) => item.segments);
      const billable = items.filter((item) => item.billable);
      const count = await q(await tx(trx))
        .whereIn(
          [COLUMNS.id, COLUMNS.leaseOwner],
          items.map((item) => [item.id, item.owner])
        )
        .andWhere(COLUMNS.status, 'sending')
        .update({
          [COLUMNS.status]: 'sent',
          [COLUMNS.provider]: caseOf(COLUMNS.provider, (item) => item.provider),
          [COLUMNS.providerMessageId]: caseOf(
            COLUMNS.providerMessageId,
            (item) => item.providerMessageId
          ),
          ...(withSegments.length
            ? { [COLUMNS.segments]: caseOf(COLUMNS.segments, (item) => item.segments ?? null, '?') }
            : {}),
          [COLUMNS.history]: caseOf(COLUMNS.history, (item) => JSON.stringify(item.history), json),
          // the ledger picks these up (services/billing.ts); set in the same UPDATE, so no accepted send is missed
          ...(billable.length
            ? {
                [COLUMNS.chargeState]:
                  billable.length === items.length
                    ? 'pending'
                    : caseOf(COLUMNS.chargeState, (item) => (item.billable ? 'pending' : null)),
              }
            : {}),
          [COLUMNS.sentAt]: sentAt,
          [COLUMNS.leaseOwner]: null,
          [COLUMNS.leaseUntil]: null,
          [COLUMNS.errorCode]: null,
          [COLUMNS.errorMessage]: null,
          [COLUMNS.updatedAt]: sentAt,
        });
      if (Number(count) === items.length) return [];
      const done = await q(await tx(trx))
        .select('id')
        .whereIn(
          'id',
          items.map((item) => item.id)
        )
        .whereIn(
          COLUMNS.providerMessageId,
          items.map((item) => item.providerMessageId)
        );
      const recorded = new Set(done.map((row: { id: number }) => Number(row.id)));
      return items.filter((item) => !recorded.has(item.id)).map((item) => item.id);
    },

    /** Handed-over rows whose lease ran out: the process that sent them is gone, the outcome unknown. */
    async findExpiredSending(now: Date, limit: number): Promise<MessageRow[]> {
      const rows = await q(await tx())
        .where(COLUMNS.status, 'sending')
        .andWhere(COLUMNS.leaseUntil, '<', now)
        .limit(limit);
      return rows.map(rowFromDb);
    },

    /** Messages of a bulk job per status (its progress). */
    async countByStatusForBatch(batchId: number): Promise<Record<string, number>> {
      const rows = await q(await tx())
        .select('status')
        .count({ n: '*' })
        .where({ batch_id: batchId })
        .groupBy('status');
      return Object.fromEntries(
        (rows as { status: string; n: string | number }[]).map((row) => [row.status, Number(row.n)])
      );
    },

    /**
     * Cancels every row not yet handed over (queued, or claimed into an
     * instance's buffer) in one UPDATE: of a bulk job, or the pending notices
     * of appointments (mass cancellation). Once it has committed, none of
     * these rows can be handed over any more (handOver needs `claimed`).
     * The history gets no entry per row (one JSON rewrite per row would undo
     * the point); error_code says why.
     */
    async cancelQueued(
      where: { batchId?: number; appointmentDocumentIds?: string[]; kinds?: string[] },
      code: string,
      message: string
    ): Promise<number> {
      const builder = q(await tx()).whereIn('status', NOT_HANDED_OVER as MessageStatus[]);
      if (where.batchId !== undefined) builder.andWhere({ batch_id: where.batchId });
      if (where.appointmentDocumentIds)
        builder.whereIn('appointment_document_id', where.appointmentDocumentIds);
      if (where.kinds) builder.whereIn('kind', where.kinds);
      return Number(
        await builder.update({
          status: 'cancelled',
          error_code: code,
          error_message: message,
          lease_owner: null,
          lease_until: null,
          updated_at: new Date(),
        })
      );
    },

    /** Of these message ids, the ones of this practice. */
    async idsInPractice(practice: string, ids: number[]): Promise<number[]> {
      if (ids.length === 0) return [];
      const rows = await q(await tx())
        .select('id')
        .where(COLUMNS.practice, practice)
        .whereIn('id', ids);
      return rows.map((row: { id: number | string }) => Number(row.id));
    },

    /** The notices and messages about these appointments (for the list column's bubbles), oldest first. */
    async forAppointments(
      practices: readonly string[] | '*',
      appointmentDocumentIds: string[]
    ): Promise<MessageRow[]> {
      if (appointmentDocumentIds.length === 0) return [];
      const query = q(await tx()).whereIn(COLUMNS.appointmentDocumentId, appointmentDocumentIds);
      // documentIds are unique across practices: '*' needs no practice filter
      if (practices !== '*') query.whereIn(COLUMNS.practice, [...practices]);
      const rows = await query.orderBy(COLUMNS.createdAt, 'asc').orderBy('id', 'asc');
      return rows.map(rowFromDb);
    },

    /** Every log row of one client in one practice, oldest first (the GDPR export). */
    async forClient(practice: string, clientDocumentId: string): Promise<MessageRow[]> {
      const rows = await q(await tx())
        .where({ [COLUMNS.practice]: practice, [COLUMNS.clientDocumentId]: clientDocumentId })
        .orderBy(COLUMNS.createdAt, 'asc')
        .orderBy('id', 'asc');
      return rows.map(rowFromDb);
    },

    /**
     * Erases one client's log rows (GDPR Art. 17): what was not handed over
     * is cancelled first, so nothing more goes out; rows that billing still
     * needs (in flight, or sent but not charged yet) keep only what billing
     * reads, with no text, address or client reference; all others go.
     */
    async eraseClient(
      practice: string,
      clientDocumentId: string
    ): Promise<{ cancelled: number; deleted: number; anonymized: number }> {
      const trx = await tx();
      const mine = () =>
        q(trx).where({
          [COLUMNS.practice]: practice,
          [COLUMNS.clientDocumentId]: clientDocumentId,
        });
      const now = new Date();
      const cancelled = Number(
        await mine()
          .whereIn(COLUMNS.status, NOT_HANDED_OVER as MessageStatus[])
          .update({
            status: 'cancelled',
            error_code: 'erased',
            error_message: null,
            lease_owner: null,
            lease_until: null,
            updated_at: now,
          })
      );
      const deleted = Number(
        await mine()
          .whereNotIn(COLUMNS.status, ['sending', 'checking'])
          .andWhere((where) =>
            where.whereNull(COLUMNS.chargeState).orWhere(COLUMNS.chargeState, '<>', 'pending')
          )
          .delete()
      );
      const anonymized = Number(
        await mine().update({
          recipient: '',
          body: '',
          subject: null,
          meta: null,
          history: null,
          error_message: null,
          client_document_id: null,
          appointment_document_id: null,
          updated_at: now,
        })
      );
      return { cancelled, deleted, anonymized };
    },

    /** Of these bulk jobs, the ones with no row left that is not final yet. */
    async batchesWithNothingPending(batchIds: number[]): Promise<number[]> {
      if (batchIds.length === 0) return [];
      const busy = await q(await tx())
        .distinct(COLUMNS.batchId)
        .whereIn(COLUMNS.batchId, batchIds)
        .whereIn(COLUMNS.status, PENDING_STATUSES as MessageStatus[]);
      const pending = new Set(
        busy.map((row: Record<string, unknown>) => Number(row[COLUMNS.batchId]))
      );
      return batchIds.filter((id) => !pending.has(id));
    },

    async countByStatus(practice?: string): Promise<Record<string, number>> {
      let builder = q(await tx())
        .select(COLUMNS.status)
        .count({ count: '*' })
        .groupBy(COLUMNS.status);
      if (practice) builder = builder.where(COLUMNS.practice, practice);
      const rows = (await builder) as { status: string; count: number | string }[];
      return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
    },

    async list(
      filters: ListFilters,
      page: number,
      pageSize: number
    ): Promise<{ rows: MessageRow[]; total: number }> {
      const where = (builder: ReturnType<typeof q>) => {
        builder.where(COLUMNS.practice, filters.practice);
        if (filters.channel) builder.andWhere(COLUMNS.channel, filters.channel);
        if (typeof filters.status === 'string') builder.andWhere(COLUMNS.status, filters.status);
        else if (filters.status) builder.whereIn(COLUMNS.status, [...filters.status]);
        if (filters.kind) builder.andWhere(COLUMNS.kind, filters.kind);
        if (filters.clientDocumentId)
          builder.andWhere(COLUMNS.clientDocumentId, filters.clientDocumentId);
        if (filters.appointmentDocumentId)
          builder.andWhere(COLUMNS.appointmentDocumentId, filters.appointmentDocumentId);
        if (filters.batchId !== undefined) builder.andWhere(COLUMNS.batchId, filters.batchId);
        if (filters.from) builder.andWhere(COLUMNS.createdAt, '>=', filters.from);
        if (filters.to) builder.andWhere(COLUMNS.createdAt, '<', filters.to);
        if (filters.q) {
          // One meaning on every database: %, _ and \ are literal (SQLite has no escape character
          // unless told), and case does not count (PostgreSQL's LIKE is case-sensitive, SQLite's only
          // for non-ASCII letters, which its LOWER() leaves as they are).
          const like = `%${filters.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
          const matches = (column: string) =>
            ['LOWER(??) LIKE ? ESCAPE ?', [column, like, '\\']] as const;
          builder.andWhere((w) => {
            for (const column of [
              COLUMNS.recipient,
              COLUMNS.body,
              COLUMNS.subject,
              COLUMNS.providerMessageId,
            ])
              w.orWhereRaw(...matches(column));
          });
        }
        return builder;
      };
      const [{ count }] = (await where(q(await tx())).count({ count: '*' })) as {
        count: number | string;
      }[];
      const rows = await where(q(await tx()))
        .orderBy(COLUMNS.createdAt, 'desc')
        .orderBy('id', 'desc')
        .offset((page - 1) * pageSize)
        .limit(pageSize);
      return { rows: rows.map(rowFromDb), total: Number(count) };
    },

    /**
     * Deletes up to `batchSize` log rows in a final state created before
     * `cutoff`; returns how many. Charges live in their own table and are
     * not touched.
     */
    async deleteOldBatch(
      cutoff: Date,
      finalStatuses: readonly MessageStatus[],
      batchSize: number
    ): Promise<number> {
      const ids = (
        await q(await tx())
          .select('id')
          .where(COLUMNS.createdAt, '<', cutoff)
          .whereIn(COLUMNS.status, finalStatuses as MessageStatus[])
          // a send not yet in the ledger stays until it is charged
          .andWhere((where) =>
            where.whereNull(COLUMNS.chargeState).orWhere(COLUMNS.chargeState, '<>', 'pending')
          )
          .limit(batchSize)
      ).map((row: { id: number }) => row.id);
      if (ids.length === 0) return 0;
      return Number(
        await q(await tx())
          .whereIn('id', ids)
          .delete()
      );
    },
  };
};

export type MessagesRepository = ReturnType<typeof messagesRepository>;
