import type { Core } from '@strapi/strapi';
import bulkController from './controllers/bulk';
import waitlistController from './controllers/waitlist';
import { bulkService } from './services/bulk';
import { batchesService } from './services/batches';
import { massCancellationService } from './services/mass-cancellation';
export { chooseBulkChannel } from './domain/bulk';

/** The bulk slice's controllers, registered under these names (routes name them as `name.action`). */
export const controllers = {
  bulk: bulkController,
  waitlist: waitlistController,
};

/** The bulk slice's services, reached by name through kernel/get-service. */
export const services = {
  bulk: ({ strapi }: { strapi: Core.Strapi }) => bulkService(strapi),
  batches: ({ strapi }: { strapi: Core.Strapi }) => batchesService(strapi),
  'mass-cancellation': ({ strapi }: { strapi: Core.Strapi }) => massCancellationService(strapi),
};
export { adminRoutes } from './routes';
