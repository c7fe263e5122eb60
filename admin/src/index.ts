import type { StrapiApp } from '@strapi/strapi/admin';
import { getTranslation } from './utils/getTranslation';
import { PLUGIN_ID } from './pluginId';
import { PERMISSIONS } from './permissions';
import { Initializer } from './components/Initializer';
import { PluginIcon } from './components/PluginIcon';
import { MessagingPanel } from './features/notices/components/Panels';
import {
  MassCancelBulkAction,
  SendMessageBulkAction,
} from './features/bulk/components/BulkActions';
import { addNotificationColumn } from './features/notices/components/notificationColumn';

const plugin: StrapiApp['appPlugins'][string] = {
  register(app) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: PluginIcon,
      intlLabel: { id: getTranslation('plugin.name'), defaultMessage: 'Messaging' },
      Component: () => import('./pages/App'),
      permissions: PERMISSIONS.settingsRead,
    });

    app.addSettingsLink(
      {
        id: PLUGIN_ID,
        intlLabel: { id: getTranslation('plugin.name'), defaultMessage: 'Messaging' },
      },
      {
        id: `${PLUGIN_ID}-settings`,
        to: PLUGIN_ID,
        intlLabel: {
          id: getTranslation('settings.link'),
          defaultMessage: 'Channels and providers',
        },
        Component: () => import('./features/settings/pages/SettingsPage'),
        permissions: PERMISSIONS.settingsRead,
      }
    );

    // The per-client notice switches: a custom field on the host's JSON attribute
    // (type "customField", customField "plugin::messaging.notice-switches").
    app.customFields.register({
      name: 'notice-switches',
      pluginId: PLUGIN_ID,
      type: 'json',
      intlLabel: {
        id: getTranslation('noticeSwitches.label'),
        defaultMessage: 'Automatic notices',
      },
      intlDescription: {
        id: getTranslation('noticeSwitches.description'),
        defaultMessage: 'Which appointment notices a client gets, on which channel',
      },
      icon: PluginIcon,
      components: {
        Input: async () => import('./features/notices/components/NoticeSwitchesInput') as any,
      },
    });

    app.registerPlugin({
      id: PLUGIN_ID,
      initializer: Initializer,
      isReady: false,
      name: PLUGIN_ID,
    });
  },

  bootstrap(app: any) {
    const contentManager = app.getPlugin('content-manager').apis;
    contentManager.addEditViewSidePanel([MessagingPanel]);
    // Shown only on the mapped client and appointment lists, and only to admins with the bulk permissions.
    contentManager.addBulkAction([SendMessageBulkAction, MassCancelBulkAction]);
    // The appointment list's notification column (only on the mapped appointment type).
    app.registerHook('Admin/CM/pages/ListView/inject-column-in-table', addNotificationColumn);
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = (await import(`./translations/${locale}.json`)) as {
            default: Record<string, string>;
          };
          const prefixed = Object.fromEntries(
            Object.entries(data).map(([key, value]) => [getTranslation(key), value])
          );
          return { data: prefixed, locale };
        } catch {
          return { data: {}, locale };
        }
      })
    );
  },
};

export default plugin;
