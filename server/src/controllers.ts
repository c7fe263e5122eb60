import type { Core } from '@strapi/strapi';
import * as access from './access';
import * as audit from './audit';
import * as billing from './billing';
import * as bulk from './bulk';
import * as notices from './notices';
import * as outbox from './outbox';
import * as practices from './practices';
import * as privacy from './privacy';
import * as settings from './settings';
import * as templates from './templates';

/** Each controller is a factory of Strapi's ({ strapi }) => handlers kind; each slice lists its own. */
export default {
  ...audit.controllers,
  ...bulk.controllers,
  ...privacy.controllers,
  ...outbox.controllers,
  ...notices.controllers,
  ...access.controllers,
  ...settings.controllers,
  ...templates.controllers,
  ...billing.controllers,
  ...practices.controllers,
} satisfies Record<string, (context: { strapi: Core.Strapi }) => object>;
