import message from './message/schema.json';
import template from './template/schema.json';
import charge from './charge/schema.json';
import invoice from './invoice/schema.json';
import batch from './batch/schema.json';
import settings from './settings/schema.json';
import slip from './slip/schema.json';
import appointmentEvent from './appointment-event/schema.json';
import lease from './lease/schema.json';
import waitlistEntry from './waitlist-entry/schema.json';
import documentRelease from './document-release/schema.json';
import rateLimit from './rate-limit/schema.json';
import auditEntry from './audit-entry/schema.json';

export default {
  message: { schema: message },
  template: { schema: template },
  charge: { schema: charge },
  invoice: { schema: invoice },
  batch: { schema: batch },
  settings: { schema: settings },
  slip: { schema: slip },
  'appointment-event': { schema: appointmentEvent },
  lease: { schema: lease },
  'waitlist-entry': { schema: waitlistEntry },
  'document-release': { schema: documentRelease },
  'rate-limit': { schema: rateLimit },
  'audit-entry': { schema: auditEntry },
};
