/**
 * Everything the plugin names once: its id, the UIDs of its own content types,
 * the status/kind/channel vocabularies and the RBAC actions.
 * Server code, admin code (through shared/) and tests import from here.
 */
export const PLUGIN_ID = 'messaging' as const;

export const UID = {
  message: 'plugin::messaging.message',
  template: 'plugin::messaging.template',
  charge: 'plugin::messaging.charge',
  invoice: 'plugin::messaging.invoice',
  batch: 'plugin::messaging.batch',
  settings: 'plugin::messaging.settings',
  slip: 'plugin::messaging.slip',
  appointmentEvent: 'plugin::messaging.appointment-event',
  lease: 'plugin::messaging.lease',
  waitlistEntry: 'plugin::messaging.waitlist-entry',
  documentRelease: 'plugin::messaging.document-release',
  rateLimit: 'plugin::messaging.rate-limit',
  auditEntry: 'plugin::messaging.audit-entry',
} as const;

export type PluginUid = (typeof UID)[keyof typeof UID];

/** Strapi cron jobs the plugin adds (and removes on destroy). */
export const CRON_JOBS = {
  dispatch: 'messaging-dispatch',
  retention: 'messaging-retention',
  billing: 'messaging-billing',
} as const;

/** Events on strapi.eventHub: the first two are offered to the host's webhooks too. */
export const EVENTS = {
  invoiceCreated: 'messaging.invoice.created',
  budgetReached: 'messaging.budget.reached',
  messageFailed: 'messaging.message.failed',
  optedOut: 'messaging.recipient.opted-out',
  releaseLocked: 'messaging.release.locked',
} as const;

/** Names of the database leases (messaging_leases) that keep work to one instance at a time. */
export const LEASES = {
  planner: 'plan-appointment-notices',
  /** a day being cancelled by a mass cancellation */
  massCancellationDay: (practice: string, day: string) => `mass-cancellation:${practice}:${day}`,
} as const;

export {
  CHANNELS,
  MESSAGE_KINDS,
  MESSAGE_STATUSES,
  BATCH_KINDS,
  BATCH_STATUSES,
  INVOICE_KINDS,
  TEMPLATE_KINDS,
  ADDRESS_FORMS,
  LOCALES,
} from '../../shared/vocabulary';
export type {
  Channel,
  MessageKind,
  MessageStatus,
  BatchKind,
  BatchStatus,
  InvoiceKind,
  TemplateKind,
  AddressForm,
  Locale,
} from '../../shared/vocabulary';

export { ACTIONS, type ActionUid } from '../../shared/permissions';
import type { ActionUid } from '../../shared/permissions';

export const actionId = (uid: ActionUid) => `plugin::${PLUGIN_ID}.${uid}`;
