import type { Core } from '@strapi/strapi';
import dryRunController from './controllers/dry-run';
import webhooksController from './controllers/webhooks';
import { outboxService } from './services/outbox';
import { retentionService } from './services/retention';
import { webhooksService } from './services/webhooks';
import { dispatcherService } from './services/dispatcher';
export {
  type ListFilters,
  type MessageDraft,
  type MessageRow,
  messagesRepository,
} from './repositories/messages';
export {
  DEFAULT_PROVIDERS,
  PROVIDER_VARIABLES,
  type ProviderChannel,
  type ProviderConfig,
  THREEMA,
  TWILIO,
  optionsFromVariables,
} from './domain/built-in-providers';
export {
  type ProviderChoice,
  chooseProviders,
  providerProblem,
  twilioCallbacksVerifiable,
} from './domain/provider-selection';
export { NOT_HANDED_OVER, historyEntry } from './domain/outbox';
export { reasonFor } from './domain/reasons';
export { type ProviderSet, buildProviders } from './providers/index';
export { callbackUrlsOf } from './providers/callback-urls';

/** The outbox slice's controllers, registered under these names (routes name them as `name.action`). */
export const controllers = {
  'dry-run': dryRunController,
  webhooks: webhooksController,
};

/** The outbox slice's services, reached by name through kernel/get-service. */
export const services = {
  outbox: ({ strapi }: { strapi: Core.Strapi }) => outboxService(strapi),
  retention: ({ strapi }: { strapi: Core.Strapi }) => retentionService(strapi),
  webhooks: ({ strapi }: { strapi: Core.Strapi }) => webhooksService(strapi),
  dispatcher: dispatcherService,
};
export { adminRoutes, contentApiRoutes } from './routes';
