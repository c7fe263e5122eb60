/**
 * Where the providers post delivery reports and replies. The routes are the
 * plugin's content-API routes (routes/content-api), which Strapi serves
 * under the host's REST prefix (`api.rest.prefix`, default /api); the
 * providers reach them through the public URL. Twilio signs the full URL it
 * called, so the URL sent with a message and the URL a callback is checked
 * against are built here, once.
 */
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../../constants';
import { pluginConfig } from '../../kernel/plugin-config';

/** Paths inside the plugin's content API (routes/content-api). */
export const CALLBACK_ROUTES = {
  twilioStatus: '/webhooks/twilio',
  twilioInbound: '/webhooks/twilio/inbound',
  threema: '/webhooks/threema',
} as const;

export type CallbackUrls = Record<keyof typeof CALLBACK_ROUTES, string>;

const trimSlashes = (value: string) => value.replace(/^\/+|\/+$/g, '');

/** `https://praxis.example/api/messaging/webhooks/twilio` and its siblings; a prefix like "v2/" or "/v2" is read as /v2. */
export function callbackUrls(publicUrl: string, restPrefix = '/api'): CallbackUrls {
  const base = publicUrl.replace(/\/+$/, '');
  const prefix = trimSlashes(restPrefix);
  const root = `${base}${prefix ? `/${prefix}` : ''}/${PLUGIN_ID}`;
  return {
    twilioStatus: `${root}${CALLBACK_ROUTES.twilioStatus}`,
    twilioInbound: `${root}${CALLBACK_ROUTES.twilioInbound}`,
    threema: `${root}${CALLBACK_ROUTES.threema}`,
  };
}

/** The callback URLs of this Strapi: its public URL and REST prefix. */
export const callbackUrlsOf = (strapi: Core.Strapi): CallbackUrls =>
  callbackUrls(
    pluginConfig(strapi).publicUrl,
    strapi.config.get('api.rest.prefix', '/api') as string
  );
