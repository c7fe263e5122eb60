import type { Core } from '@strapi/strapi';
import settingsController from './controllers/settings';
import statusController from './controllers/status';
import { settingsService } from './services/settings';
import { statusService } from './services/status';

/** The settings slice's controllers, registered under these names (routes name them as `name.action`). */
export const controllers = {
  settings: settingsController,
  status: statusController,
};

/** The settings slice's services, reached by name through kernel/get-service. */
export const services = {
  settings: ({ strapi }: { strapi: Core.Strapi }) => settingsService(strapi),
  status: ({ strapi }: { strapi: Core.Strapi }) => statusService(strapi),
};
export { adminRoutes } from './routes';
