import type { Core } from '@strapi/strapi';
import { settingsService } from './settings';
import { statusService } from './status';

export { settingsService, statusService };

/** Registered with Strapi so other plugins and the host app can reach them by name. */
export default {
  settings: ({ strapi }: { strapi: Core.Strapi }) => settingsService(strapi),
  status: ({ strapi }: { strapi: Core.Strapi }) => statusService(strapi),
};
