/**
 * The typed lookup of the plugin's own services: `getService(strapi, 'dispatcher')`
 * has the type of what services.ts registers under that name, and goes
 * through Strapi's registry, so a host that replaces a service (Strapi's
 * service extension) is honoured here too. The one place that calls
 * `strapi.plugin(...).service(...)`.
 */
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../constants';
import type services from '../services';

type Services = typeof services;
export type ServiceName = keyof Services;
export type ServiceOf<Name extends ServiceName> = ReturnType<Services[Name]>;

export function getService<Name extends ServiceName>(
  strapi: Core.Strapi,
  name: Name
): ServiceOf<Name> {
  return strapi.plugin(PLUGIN_ID).service(name) as ServiceOf<Name>;
}
