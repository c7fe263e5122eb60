import type { Core } from '@strapi/strapi';
import bulk from './bulk';
import messages from './messages';
import panels from './panels';
import releases from './releases';
import settings from './settings';
import status from './status';
import templates from './templates';
import usage from './usage';
import webhooks from './webhooks';

/** Each controller is a factory of Strapi's ({ strapi }) => handlers kind. */
export default { bulk, messages, panels, releases, settings, status, templates, usage, webhooks } satisfies Record<string, (context: { strapi: Core.Strapi }) => object>;
