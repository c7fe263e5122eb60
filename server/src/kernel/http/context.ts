import type { Core } from '@strapi/strapi';

/**
 * Koa's request context as Strapi types its controllers' argument, named
 * through @strapi/strapi: the published declarations then need no `koa`
 * package of their own (it is Strapi's dependency, not the plugin's).
 */
export type RequestContext = Parameters<Core.ControllerHandler>[0];
