/**
 * The words server and admin share: channels, kinds and statuses.
 * Tuples `as const` so each also gives its union type.
 */
export const CHANNELS = ['sms', 'threema', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

export const MESSAGE_KINDS = [
  'manual',
  'confirmation',
  'change',
  'reminder',
  'cancellation',
  'bulk',
  'access-code',
  'download-link',
  'slip',
  'test',
  'budget-alert',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * Outbox and log states. The order of the happy path is
 * queued -> claimed -> sending -> sent -> delivered; failed, undeliverable,
 * cancelled and needs-review are end states (needs-review until a person
 * decides). `claimed` is in an instance's buffer and was never handed to a
 * provider; `sending` was handed over; `checking` was handed over with an
 * unknown outcome and is being looked up at the provider.
 */
export const MESSAGE_STATUSES = [
  'queued',
  'claimed',
  'sending',
  'checking',
  'sent',
  'delivered',
  'failed',
  'undeliverable',
  'cancelled',
  'needs-review',
  'skipped',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const TEMPLATE_KINDS = [
  'confirmation',
  'change',
  'reminder',
  'cancellation',
  'access-code',
  'download-link',
  'slip',
  'bulk',
  'salutation',
  'greeting',
] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export const ADDRESS_FORMS = ['formal', 'informal'] as const;
export type AddressForm = (typeof ADDRESS_FORMS)[number];

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const BATCH_KINDS = ['bulk', 'mass-cancellation'] as const;
export type BatchKind = (typeof BATCH_KINDS)[number];

export const BATCH_STATUSES = ['preparing', 'running', 'completed', 'cancelled', 'failed'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export const INVOICE_KINDS = ['regular', 'interim'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];
