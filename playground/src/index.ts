import type { Core } from '@strapi/strapi';

export default {
  /**
   * The client record's notice switches use the messaging plugin's editor (a
   * custom field). Booted without the plugin (MESSAGING_PLUGIN=off, the
   * baseline of `npm run bench`), the practice app keeps them as the plain
   * JSON they are stored as. Runs before Strapi resolves custom fields.
   */
  register({ strapi }: { strapi: Core.Strapi }) {
    if (strapi.plugin('messaging')) return;
    for (const contentType of Object.values(strapi.contentTypes)) {
      for (const attribute of Object.values(contentType.attributes) as Array<Record<string, unknown>>) {
        if (attribute.type === 'customField' && String(attribute.customField).startsWith('plugin::messaging.')) {
          attribute.type = 'json';
          delete attribute.customField;
        }
      }
    }
  },
  bootstrap() {},
};
