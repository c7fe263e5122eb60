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

/** The practice used when a Strapi hosts only one practice. */
export const DEFAULT_PRACTICE = 'default';

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

/**
 * RBAC actions. `uid` is the short name given to Strapi; the admin sees
 * `plugin::messaging.<uid>`. Every admin route checks exactly one of them.
 */
export const ACTIONS = {
  settingsRead: 'settings.read',
  settingsUpdate: 'settings.update',
  logRead: 'log.read',
  send: 'send',
  templatesRead: 'templates.read',
  templatesUpdate: 'templates.update',
  bulkSend: 'bulk.send',
  massCancel: 'mass-cancellation',
  documentsRelease: 'documents.release',
  usageRead: 'usage.read',
  auditRead: 'audit.read',
  clientData: 'client-data',
} as const;

export type ActionUid = (typeof ACTIONS)[keyof typeof ACTIONS];

export const actionId = (uid: ActionUid) => `plugin::${PLUGIN_ID}.${uid}`;
