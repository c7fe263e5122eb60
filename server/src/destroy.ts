import type { Core } from '@strapi/strapi';
import { getService } from './kernel/get-service';
import { CRON_JOBS } from './constants';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  for (const job of Object.values(CRON_JOBS)) strapi.cron.remove(job);
  await getService(strapi, 'dispatcher').stop();
};

export default destroy;
