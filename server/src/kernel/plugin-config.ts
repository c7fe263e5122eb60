import type { Core } from '@strapi/strapi';
import type { MessagingConfig } from './config';
import { PLUGIN_ID } from '../constants';

export const pluginConfig = (strapi: Core.Strapi): MessagingConfig =>
  strapi.config.get(`plugin::${PLUGIN_ID}`) as MessagingConfig;
