import type { Core } from '@strapi/strapi';
import audit from './audit';
import bulk from './bulk';
import clientData from './client-data';
import messages from './messages';
import panels from './panels';
import releases from './releases';
import settings from './settings';
import status from './status';
import templates from './templates';
import usage from './usage';
import waitlist from './waitlist';
import dryRun from './dry-run';
import webhooks from './webhooks';

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
