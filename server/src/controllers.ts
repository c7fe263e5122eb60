import type { Core } from '@strapi/strapi';
import audit from './audit/controllers/audit';
import bulk from './bulk/controllers/bulk';
import clientData from './privacy/controllers/client-data';
import messages from './notices/controllers/messages';
import panels from './notices/controllers/panels';
import releases from './access/controllers/releases';
import settings from './settings/controllers/settings';
import status from './settings/controllers/status';
import templates from './templates/controllers/templates';
import usage from './billing/controllers/usage';
import waitlist from './bulk/controllers/waitlist';
import dryRun from './outbox/controllers/dry-run';
import webhooks from './outbox/controllers/webhooks';

/** Each controller is a factory of Strapi's ({ strapi }) => handlers kind. */
export default {
  audit,
  bulk,
  'client-data': clientData,
  'dry-run': dryRun,
  messages,
  panels,
  releases,
  settings,
  status,
  templates,
  usage,
  waitlist,
  webhooks,
} satisfies Record<string, (context: { strapi: Core.Strapi }) => object>;
