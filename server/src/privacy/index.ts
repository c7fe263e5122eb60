import type { Core } from '@strapi/strapi';
import clientDataController from './controllers/client-data';
import { clientDataService } from './services/client-data';

/** The privacy slice's controllers, registered under these names (routes name them as `name.action`). */
export const controllers = {
  'client-data': clientDataController,
};

/** The privacy slice's services, reached by name through kernel/get-service. */
export const services = {
  'client-data': ({ strapi }: { strapi: Core.Strapi }) => clientDataService(strapi),
};
export { adminRoutes } from './routes';
