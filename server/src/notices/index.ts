import type { Core } from '@strapi/strapi';
import messagesController from './controllers/messages';
import panelsController from './controllers/panels';
import { messagesService } from './services/messages';
import { plannerService } from './services/planner';
import { noticesService } from './services/notices';
import { panelsService } from './services/panels';
export { contactOf, practiceSwitches } from './domain/reach';
export { type Prepared, noticeMeta, noticesService } from './services/notices';

/** The notices slice's controllers, registered under these names (routes name them as `name.action`). */
export const controllers = {
  messages: messagesController,
  panels: panelsController,
};

/** The notices slice's services, reached by name through kernel/get-service. */
export const services = {
  messages: ({ strapi }: { strapi: Core.Strapi }) => messagesService(strapi),
  planner: ({ strapi }: { strapi: Core.Strapi }) => plannerService(strapi),
  notices: ({ strapi }: { strapi: Core.Strapi }) => noticesService(strapi),
  panels: ({ strapi }: { strapi: Core.Strapi }) => panelsService(strapi),
};
export { adminRoutes } from './routes';
