import type { Core } from '@strapi/strapi';

/**
 * Quiet by default: Strapi logs every HTTP request at its "http" level,
 * which buries what matters in the demo. LOG_LEVEL=http brings them back.
 */
const config = ({ env }: Core.Config.Shared.ConfigParams) => ({
  level: env('LOG_LEVEL', 'info'),
});

export default config;
