import type { Core } from '@strapi/strapi';
import usageController from './controllers/usage';
import { costsService } from './services/costs';
import { billingService } from './services/billing';
export { type Quote, type Prices, estimateCostTenthCents } from './domain/costs';

/** The billing slice's controllers, registered under these names (routes name them as `name.action`). */
export const controllers = {
  usage: usageController,
};

/** The billing slice's services, reached by name through kernel/get-service. */
export const services = {
  costs: ({ strapi }: { strapi: Core.Strapi }) => costsService(strapi),
  billing: ({ strapi }: { strapi: Core.Strapi }) => billingService(strapi),
};
export { adminRoutes } from './routes';
