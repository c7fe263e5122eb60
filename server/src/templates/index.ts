import type { Core } from '@strapi/strapi';
import templatesController from './controllers/templates';
import { templatesService } from './services/templates';
import { renderingService } from './services/rendering';
export { formatDate } from './domain/templates';
export { type TemplateCache, renderingService } from './services/rendering';

/** The templates slice's controllers, registered under these names (routes name them as `name.action`). */
export const controllers = {
  templates: templatesController,
};

/** The templates slice's services, reached by name through kernel/get-service. */
export const services = {
  templates: ({ strapi }: { strapi: Core.Strapi }) => templatesService(strapi),
  rendering: ({ strapi }: { strapi: Core.Strapi }) => renderingService(strapi),
};
export { adminRoutes } from './routes';
