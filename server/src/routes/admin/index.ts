import { ACTIONS, actionId, PLUGIN_ID, type ActionUid } from '../../constants';
import type { AuditConfig } from '../../audit/middleware';

/**
 * Every admin route checks exactly one RBAC action, and refuses unsafe text
 * (middlewares/safe-input). A route that sends, costs or changes something
 * also names its audit action (middlewares/audit).
 */
const guarded = (action: ActionUid, audited?: AuditConfig) => ({
  policies: [
    'admin::isAuthenticatedAdmin',
    { name: 'admin::hasPermissions', config: { actions: [actionId(action)] } },
  ],
  middlewares: [
    `plugin::${PLUGIN_ID}.safe-input`,
    ...(audited ? [{ name: `plugin::${PLUGIN_ID}.audit`, config: audited }] : []),
  ],
});

export default () => ({
  type: 'admin',
  routes: [
    {
      method: 'GET',
      path: '/status',
      handler: 'status.find',
      config: guarded(ACTIONS.settingsRead),
    },
    {
      method: 'GET',
      path: '/mapping',
      handler: 'panels.mapping',
      config: guarded(ACTIONS.logRead),
    },
    {
      method: 'GET',
      path: '/appointments/:documentId/panel',
      handler: 'panels.appointment',
      config: guarded(ACTIONS.logRead),
    },
    {
      method: 'GET',
      path: '/appointments/indicators',
      handler: 'panels.indicators',
      config: guarded(ACTIONS.logRead),
    },
    {
      method: 'GET',
      path: '/clients/:documentId/panel',
      handler: 'panels.client',
      config: guarded(ACTIONS.logRead),
    },
    {
      method: 'GET',
      path: '/planning-failures',
      handler: 'panels.planningFailures',
      config: guarded(ACTIONS.logRead),
    },
    {
      method: 'POST',
      path: '/planning-failures/retry',
      handler: 'panels.retryPlanning',
      config: guarded(ACTIONS.send, { action: 'planning.retried' }),
    },
    {
      method: 'GET',
      path: '/unreachable-clients',
      handler: 'status.unreachable',
      config: guarded(ACTIONS.logRead),
    },
    {
      method: 'GET',
      path: '/settings',
      handler: 'settings.find',
      config: guarded(ACTIONS.settingsRead),
    },
    {
      method: 'PUT',
      path: '/settings',
      handler: 'settings.update',
      config: guarded(ACTIONS.settingsUpdate, { action: 'settings.changed' }),
    },
    {
      method: 'POST',
      path: '/messages',
      handler: 'messages.create',
      config: guarded(ACTIONS.send, { action: 'message.sent', target: 'message' }),
    },
    {
      method: 'GET',
      path: '/messages',
      handler: 'messages.find',
      config: guarded(ACTIONS.logRead),
    },
    {
      method: 'GET',
      path: '/messages/:id',
      handler: 'messages.findOne',
      config: guarded(ACTIONS.logRead),
    },
    {
      method: 'POST',
      path: '/messages/:id/resend',
      handler: 'messages.resend',
      config: guarded(ACTIONS.send, { action: 'message.resent', target: 'message' }),
    },
    {
      method: 'POST',
      path: '/test-message',
      handler: 'messages.sendTest',
      config: guarded(ACTIONS.settingsUpdate, { action: 'test-message.sent' }),
    },
    {
      method: 'GET',
      path: '/templates',
      handler: 'templates.find',
      config: guarded(ACTIONS.templatesRead),
    },
    {
      method: 'POST',
      path: '/templates/defaults',
      handler: 'templates.createDefaults',
      config: guarded(ACTIONS.templatesUpdate, { action: 'templates.defaults-created' }),
    },
    {
      method: 'GET',
      path: '/templates/:id',
      handler: 'templates.findOne',
      config: guarded(ACTIONS.templatesRead),
    },
    {
      method: 'POST',
      path: '/templates',
      handler: 'templates.create',
      config: guarded(ACTIONS.templatesUpdate, { action: 'template.created', target: 'template' }),
    },
    {
      method: 'PUT',
      path: '/templates/:id',
      handler: 'templates.update',
      config: guarded(ACTIONS.templatesUpdate, { action: 'template.changed', target: 'template' }),
    },
    {
      method: 'DELETE',
      path: '/templates/:id',
      handler: 'templates.delete',
      config: guarded(ACTIONS.templatesUpdate, { action: 'template.deleted', target: 'template' }),
    },
    {
      method: 'POST',
      path: '/templates/:id/preview',
      handler: 'templates.preview',
      config: guarded(ACTIONS.templatesRead),
    },
    {
      method: 'POST',
      path: '/templates/:id/test',
      handler: 'templates.sendTest',
      config: guarded(ACTIONS.send, { action: 'template.test-sent', target: 'template' }),
    },
    {
      method: 'GET',
      path: '/preview-choices',
      handler: 'templates.previewChoices',
      config: guarded(ACTIONS.templatesRead),
    },
    {
      method: 'POST',
      path: '/bulk/preview',
      handler: 'bulk.bulkPreview',
      config: guarded(ACTIONS.bulkSend),
    },
    {
      method: 'POST',
      path: '/bulk',
      handler: 'bulk.bulkStart',
      config: guarded(ACTIONS.bulkSend, { action: 'bulk.started', target: 'batch' }),
    },
    {
      method: 'POST',
      path: '/mass-cancellation/preview',
      handler: 'bulk.massCancellationPreview',
      config: guarded(ACTIONS.massCancel),
    },
    {
      method: 'POST',
      path: '/mass-cancellation',
      handler: 'bulk.massCancellation',
      config: guarded(ACTIONS.massCancel, { action: 'mass-cancellation.started', target: 'batch' }),
    },
    { method: 'GET', path: '/batches', handler: 'bulk.batches', config: guarded(ACTIONS.logRead) },
    {
      method: 'GET',
      path: '/batches/:id',
      handler: 'bulk.batch',
      config: guarded(ACTIONS.logRead),
    },
    {
      method: 'POST',
      path: '/batches/:id/cancel',
      handler: 'bulk.cancelBatch',
      config: guarded(ACTIONS.bulkSend, { action: 'batch.cancelled', target: 'batch' }),
    },
    {
      method: 'GET',
      path: '/documents/:documentId/release',
      handler: 'releases.status',
      config: guarded(ACTIONS.logRead),
    },
    {
      method: 'POST',
      path: '/documents/:documentId/release',
      handler: 'releases.release',
      config: guarded(ACTIONS.documentsRelease, {
        action: 'document.released',
        target: 'document',
      }),
    },
    { method: 'GET', path: '/usage', handler: 'usage.usage', config: guarded(ACTIONS.usageRead) },
    {
      method: 'GET',
      path: '/invoices',
      handler: 'usage.invoices',
      config: guarded(ACTIONS.usageRead),
    },
    // the CSV route first: `:id` alone would also match "7.csv"
    {
      method: 'GET',
      path: '/invoices/:id.csv',
      handler: 'usage.invoiceCsv',
      config: guarded(ACTIONS.usageRead),
    },
    {
      method: 'GET',
      path: '/invoices/:id',
      handler: 'usage.invoice',
      config: guarded(ACTIONS.usageRead),
    },
    {
      method: 'POST',
      path: '/documents/:documentId/release/new-code',
      handler: 'releases.newCode',
      config: guarded(ACTIONS.documentsRelease, {
        action: 'document.new-code',
        target: 'document',
      }),
    },
    {
      method: 'POST',
      path: '/documents/:documentId/release/revoke',
      handler: 'releases.revoke',
      config: guarded(ACTIONS.documentsRelease, { action: 'document.revoked', target: 'document' }),
    },
    // the export is a POST: it is recorded in the audit trail, and no GET writes
    {
      method: 'POST',
      path: '/clients/:documentId/data-export',
      handler: 'client-data.export',
      config: guarded(ACTIONS.clientData, { action: 'client.exported', target: 'client' }),
    },
    {
      method: 'POST',
      path: '/clients/:documentId/erase',
      handler: 'client-data.erase',
      config: guarded(ACTIONS.clientData, { action: 'client.erased', target: 'client' }),
    },
    {
      method: 'GET',
      path: '/waitlist',
      handler: 'waitlist.find',
      config: guarded(ACTIONS.logRead),
    },
    {
      method: 'GET',
      path: '/dry-run-outbox',
      handler: 'dry-run.outbox',
      config: guarded(ACTIONS.logRead),
    },
    { method: 'GET', path: '/audit', handler: 'audit.find', config: guarded(ACTIONS.auditRead) },
    {
      method: 'POST',
      path: '/analyze',
      handler: 'templates.analyze',
      config: guarded(ACTIONS.templatesRead),
    },
  ],
});
