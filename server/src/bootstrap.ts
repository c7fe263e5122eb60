import type { Core } from '@strapi/strapi';
import { ACTIONS, PLUGIN_ID } from './constants';
import { settingsService } from './services';

const registerPermissions = async (strapi: Core.Strapi) => {
  const section = (uid: string, displayName: string, subCategory: string) => ({
    section: 'plugins',
    displayName,
    uid,
    subCategory,
    pluginName: PLUGIN_ID,
  });
  await strapi.service('admin::permission').actionProvider.registerMany([
    section(ACTIONS.settingsRead, 'Read settings', 'settings'),
    section(ACTIONS.settingsUpdate, 'Change settings', 'settings'),
    section(ACTIONS.logRead, 'Read the send log', 'log'),
    section(ACTIONS.send, 'Send messages', 'sending'),
  ]);
};

const ensureDefaultPractice = async (strapi: Core.Strapi) => {
  await settingsService(strapi).ensure();
};

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await registerPermissions(strapi);
  await ensureDefaultPractice(strapi);
};

export default bootstrap;
