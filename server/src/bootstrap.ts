import { messagingLog } from './kernel/log';
import { servePublicPages } from './access';
import { getService } from './kernel/get-service';
import type { Core } from '@strapi/strapi';
import { ACTIONS, CRON_JOBS, EVENTS, PLUGIN_ID } from './constants';
import type { MessageRow } from './outbox';
import { pluginConfig } from './kernel/plugin-config';

const registerPermissions = async (strapi: Core.Strapi) => {
  // "own practice only", for the plugin's actions and the mapped client and appointment types
  await getService(strapi, 'practice-access').registerCondition();
  const action = (uid: string, displayName: string, subCategory: string) => ({
    section: 'plugins',
    displayName,
    uid,
    subCategory,
    pluginName: PLUGIN_ID,
  });
  await strapi
    .service('admin::permission')
    .actionProvider.registerMany([
      action(ACTIONS.settingsRead, 'Read settings', 'settings'),
      action(ACTIONS.settingsUpdate, 'Change settings', 'settings'),
      action(ACTIONS.logRead, 'Read the send log', 'log'),
      action(ACTIONS.send, 'Send messages', 'sending'),
      action(ACTIONS.templatesRead, 'Read templates', 'templates'),
      action(ACTIONS.templatesUpdate, 'Change templates', 'templates'),
      action(ACTIONS.bulkSend, 'Send bulk notifications', 'bulk'),
      action(ACTIONS.massCancel, 'Mass-cancel appointments', 'bulk'),
      action(ACTIONS.documentsRelease, 'Release documents with access codes', 'documents'),
      action(ACTIONS.usageRead, 'Read usage and invoices', 'costs'),
      action(ACTIONS.operatorRead, 'Operator: every practice’s usage and billing run', 'costs'),
      action(ACTIONS.operatorPrices, 'Operator: set a practice’s prices', 'costs'),
      action(ACTIONS.auditRead, 'Read the audit trail', 'log'),
      action(ACTIONS.clientData, 'Export and erase a client’s messaging data (GDPR)', 'clients'),
    ]);
};

/**
 * New invoices and budget warnings reach the platform's own billing through
 * Strapi's webhooks (the runner listens on the event hub for every event a
 * webhook names; create one with POST /admin/webhooks, see README) or
 * in-process through strapi.eventHub.on(...). Registering them in the
 * webhook store names them next to Strapi's own events.
 */
const offerWebhookEvents = (strapi: Core.Strapi) => {
  const store = strapi.get('webhookStore') as
    | { addAllowedEvent?: (key: string, value: string) => void }
    | undefined;
  store?.addAllowedEvent?.('MESSAGING_INVOICE_CREATED', EVENTS.invoiceCreated);
  store?.addAllowedEvent?.('MESSAGING_BUDGET_REACHED', EVENTS.budgetReached);
};

/** The default practice is set up at start: its settings row and the shipped templates. */
const ensureDefaultPractice = async (strapi: Core.Strapi) => {
  await getService(strapi, 'settings').ensure();
};

/** After a restart every appointment whose planning failed is tried again at once (the cause may be fixed by the new deploy). */
const replanFailedAppointments = async (strapi: Core.Strapi) => {
  const due = await getService(strapi, 'planner').retry();
  if (due > 0)
    messagingLog(strapi).info(
      `[messaging] planning ${due} appointment event(s) again that failed before the restart`
    );
};

const startDispatcher = (strapi: Core.Strapi) => {
  const config = pluginConfig(strapi);
  const dispatcher = getService(strapi, 'dispatcher');
  const notices = getService(strapi, 'notices');
  // built and checked in register()
  const providers = dispatcher.providers;
  if (!providers) throw new Error('[messaging] the providers were not built in register()');
  dispatcher.start({
    config,
    providers,
    plan: () => getService(strapi, 'planner').processPending(),
    prepare: (row: MessageRow) => notices.prepare(row),
    unseal: (row: MessageRow) => getService(strapi, 'releases').unsealBody(row),
    fallback: (row: MessageRow) => notices.fallbackDraft(row),
    bill: () => getService(strapi, 'billing').run(),
    completeBatches: () => getService(strapi, 'batches').completeFinished(),
  });
  if (!config.dispatcher.enabled) return;
  strapi.cron.add({
    [CRON_JOBS.dispatch]: {
      task: () =>
        dispatcher
          .tick()
          .catch((error: Error) =>
            messagingLog(strapi).error(`[messaging] dispatch failed: ${error.message}`)
          ),
      options: { rule: config.dispatcher.cronRule },
    },
    [CRON_JOBS.retention]: {
      task: () =>
        getService(strapi, 'retention')
          .purge()
          .catch((error: Error) =>
            messagingLog(strapi).error(`[messaging] log retention failed: ${error.message}`)
          ),
      options: { rule: config.retention.cronRule },
    },
    [CRON_JOBS.billing]: {
      task: () =>
        getService(strapi, 'billing')
          .run()
          .catch((error: Error) =>
            messagingLog(strapi).error(`[messaging] billing failed: ${error.message}`)
          ),
      options: { rule: config.billing.cronRule },
    },
  });
};

/**
 * A Twilio opt-out (error 21610, from a send or a delivery report) switches
 * SMS off for that client, if the message went out after the client's
 * latest opt-in (host/domain/consent.ts). A delivery report names the message's
 * send time; the dispatcher emits right after the refused send, so a
 * missing `sentAt` means now.
 */
const listenForOptOuts = (strapi: Core.Strapi) => {
  const notices = getService(strapi, 'notices');
  strapi.eventHub.on(
    EVENTS.optedOut,
    async (event: { clientId?: string | null; sentAt?: string | null }) => {
      try {
        await notices.optedOut(
          event.clientId ?? null,
          'STOP / Twilio 21610',
          event.sentAt ? new Date(event.sentAt) : new Date()
        );
      } catch (error) {
        messagingLog(strapi).error(
          `[messaging] recording an opt-out failed: ${(error as Error).message}`
        );
      }
    }
  );
};

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await registerPermissions(strapi);
  offerWebhookEvents(strapi);
  await ensureDefaultPractice(strapi);
  startDispatcher(strapi);
  await replanFailedAppointments(strapi);
  listenForOptOuts(strapi);
  servePublicPages(strapi);
};

export default bootstrap;
