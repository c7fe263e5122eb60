/**
 * RBAC actions, for the server (registered in bootstrap, checked by every
 * admin route) and the admin (which pages and buttons show). `uid` is the
 * short name given to Strapi; the admin sees `plugin::messaging.<uid>`.
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
  operatorRead: 'operator.read',
  operatorPrices: 'operator.prices',
  auditRead: 'audit.read',
  clientData: 'client-data',
} as const;

export type ActionName = keyof typeof ACTIONS;
export type ActionUid = (typeof ACTIONS)[ActionName];
