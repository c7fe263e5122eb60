/**
 * The audit trail: who did what that sends, costs or changes, when, for
 * which practice, and on what (a document, a batch, a template by id).
 * Never content: no message text, phone number, e-mail address, code or
 * setting value. The details are picked from the request and the answer by
 * an allow-list, so a new field in an answer cannot leak into the trail.
 */
import { isJsonObject } from '../../../../shared/json';

export const AUDIT_ACTIONS = [
  'settings.changed',
  'message.sent',
  'message.resent',
  'test-message.sent',
  'template.created',
  'template.changed',
  'template.deleted',
  'templates.defaults-created',
  'template.test-sent',
  'bulk.started',
  'mass-cancellation.started',
  'batch.cancelled',
  'planning.retried',
  'document.released',
  'document.new-code',
  'document.revoked',
  'client.exported',
  'client.erased',
  'prices.changed',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditDetails = Record<string, number | boolean | string | string[]>;

/** Answer fields that are counts, flags or one of a few known words, never content. */
const NUMBERS = [
  'total',
  'created',
  'queued',
  'cancelled',
  'skipped',
  'appointments',
  'messages',
  'erased',
  'due',
] as const;
const WORDS: Record<string, RegExp> = {
  channel: /^(sms|threema|email|best)$/,
  kind: /^[a-z-]{1,40}$/,
  delivery: /^(standard|self-service)$/,
  status: /^[a-z-]{1,40}$/,
};

/**
 * What the trail keeps of one action. `request` is the JSON body, `answer`
 * the `data` the route answered with; for settings and prices only the
 * names of the changed fields are kept, not their values.
 */
export function auditDetails(action: AuditAction, request: unknown, answer: unknown): AuditDetails {
  const details: AuditDetails = {};
  if ((action === 'settings.changed' || action === 'prices.changed') && isJsonObject(request)) {
    details.fields = Object.keys(request).sort();
    return details;
  }
  if (!isJsonObject(answer)) return details;
  if (typeof answer.id === 'number') details.id = answer.id;
  for (const key of NUMBERS)
    if (typeof answer[key] === 'number') details[key] = answer[key] as number;
  for (const [key, pattern] of Object.entries(WORDS)) {
    const value = answer[key];
    if (typeof value === 'string' && pattern.test(value)) details[key] = value;
  }
  if (typeof answer.revoked === 'boolean') details.revoked = answer.revoked;
  return details;
}

/** The target of an action: the route's document or row, e.g. "document:abc" or "batch:12". */
export function auditTarget(
  kind: string | undefined,
  params: Record<string, unknown>,
  answer: unknown
): string | null {
  if (!kind) return null;
  const fromAnswer = isJsonObject(answer)
    ? kind === 'practice'
      ? answer.practice
      : answer.id
    : undefined;
  const id = params.documentId ?? params.id ?? fromAnswer;
  return id === undefined || id === null ? null : `${kind}:${String(id)}`;
}
