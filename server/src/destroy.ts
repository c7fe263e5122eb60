import type { Core } from '@strapi/strapi';
import { CRON_JOBS } from './bootstrap';
import { PLUGIN_ID } from './constants';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  for (const job of Object.values(CRON_JOBS)) strapi.cron.remove(job);
  await strapi.plugin(PLUGIN_ID).service('dispatcher').stop();
};

export default destroy;
