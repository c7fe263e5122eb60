import type { Core } from '@strapi/strapi';
import type { ProviderSet } from './outbox/providers';
import { createDispatcher, type Dispatcher, type DispatcherDeps } from './outbox/services/dispatcher';
import { messagesService } from './notices/services/messages';
import { outboxService } from './outbox/services/outbox';
import { plannerService } from './notices/services/planner';
import { bulkService } from './bulk/services/bulk';
import { batchesService } from './bulk/services/batches';
import { massCancellationService } from './bulk/services/mass-cancellation';
import { costsService } from './billing/services/costs';
import { billingService } from './billing/services/billing';
import { retentionService } from './outbox/services/retention';
import { settingsService } from './settings/services/settings';
import { statusService } from './settings/services/status';
import { templatesService } from './templates/services/templates';
import { noticesService } from './notices/services/notices';
import { panelsService } from './notices/services/panels';
import { releasesService } from './access/services/releases';
import { slipsService } from './access/services/slips';
import { webhooksService } from './outbox/services/webhooks';
import { renderingService } from './templates/services/rendering';
import { clientDataService } from './privacy/services/client-data';

export { settingsService, statusService, outboxService, messagesService, templatesService };

/**
 * The one stateful service: this instance's providers, built in register()
 * (a provider that cannot work stops Strapi before it starts), and its
 * dispatcher, created in bootstrap with them.
 */
const dispatcherService = ({ strapi }: { strapi: Core.Strapi }) => {
  let current: Dispatcher | null = null;
  let built: ProviderSet | null = null;
  return {
    useProviders(providers: ProviderSet) {
      built = providers;
    },
    start(deps: DispatcherDeps) {
      current = createDispatcher(strapi, deps);
      return current;
    },
    tick() {
      if (!current) throw new Error('the messaging dispatcher has not started');
      return current.tick();
    },
    kick() {
      current?.kick();
    },
    async stop() {
      await current?.stop();
    },
    get instance() {
      return current;
    },
    /** the providers sending now (tests may swap the dispatcher's), else those built at start-up */
    get providers(): ProviderSet | undefined {
      return current?.providers ?? built ?? undefined;
    },
  };
};

/** Registered with Strapi so other plugins and the host app can reach them by name. */
export default {
  settings: ({ strapi }: { strapi: Core.Strapi }) => settingsService(strapi),
  status: ({ strapi }: { strapi: Core.Strapi }) => statusService(strapi),
  outbox: ({ strapi }: { strapi: Core.Strapi }) => outboxService(strapi),
  messages: ({ strapi }: { strapi: Core.Strapi }) => messagesService(strapi),
  retention: ({ strapi }: { strapi: Core.Strapi }) => retentionService(strapi),
  templates: ({ strapi }: { strapi: Core.Strapi }) => templatesService(strapi),
  planner: ({ strapi }: { strapi: Core.Strapi }) => plannerService(strapi),
  bulk: ({ strapi }: { strapi: Core.Strapi }) => bulkService(strapi),
  batches: ({ strapi }: { strapi: Core.Strapi }) => batchesService(strapi),
  'mass-cancellation': ({ strapi }: { strapi: Core.Strapi }) => massCancellationService(strapi),
  costs: ({ strapi }: { strapi: Core.Strapi }) => costsService(strapi),
  billing: ({ strapi }: { strapi: Core.Strapi }) => billingService(strapi),
  notices: ({ strapi }: { strapi: Core.Strapi }) => noticesService(strapi),
  panels: ({ strapi }: { strapi: Core.Strapi }) => panelsService(strapi),
  releases: ({ strapi }: { strapi: Core.Strapi }) => releasesService(strapi),
  slips: ({ strapi }: { strapi: Core.Strapi }) => slipsService(strapi),
  webhooks: ({ strapi }: { strapi: Core.Strapi }) => webhooksService(strapi),
  rendering: ({ strapi }: { strapi: Core.Strapi }) => renderingService(strapi),
  'client-data': ({ strapi }: { strapi: Core.Strapi }) => clientDataService(strapi),
  dispatcher: dispatcherService,
};
