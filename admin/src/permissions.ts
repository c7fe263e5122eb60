import { PLUGIN_ID } from './pluginId';

const action = (uid: string) => [{ action: `plugin::${PLUGIN_ID}.${uid}`, subject: null }];

/** The same RBAC actions the server routes check (server/src/constants.ts). */
export const PERMISSIONS = {
  settingsRead: action('settings.read'),
  settingsUpdate: action('settings.update'),
  logRead: action('log.read'),
  send: action('send'),
  bulkSend: action('bulk.send'),
  massCancel: action('mass-cancellation'),
  usageRead: action('usage.read'),
  auditRead: action('audit.read'),
  clientData: action('client-data'),
};
