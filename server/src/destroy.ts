import type { Core } from '@strapi/strapi';

const destroy = (_: { strapi: Core.Strapi }) => {
  // Nothing held in memory yet; timed work is added to and removed from strapi.cron.
};

export default destroy;
