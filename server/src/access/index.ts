import type { Core } from '@strapi/strapi';
import releasesController from './controllers/releases';
import { releasesService } from './services/releases';
import { slipsService } from './services/slips';
export { servePublicPages } from './public/pages';
export { rateLimitsRepository } from './repositories/rate-limits';

/** The access slice's controllers, registered under these names (routes name them as `name.action`). */
export const controllers = {
  releases: releasesController,
};

/** The access slice's services, reached by name through kernel/get-service. */
export const services = {
  releases: ({ strapi }: { strapi: Core.Strapi }) => releasesService(strapi),
  slips: ({ strapi }: { strapi: Core.Strapi }) => slipsService(strapi),
};
export { adminRoutes } from './routes';
