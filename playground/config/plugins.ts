import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';

/**
 * The plugin lives at the repository root. This file is read both from
 * config/ (admin build) and from dist/config/ (server), so walk up to it.
 */
const pluginRoot = (): string => {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'strapi-plugin-messaging') {
      return dir;
    }
  }
  throw new Error('strapi-plugin-messaging not found above ' + __dirname);
};

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  // E-mail stays on this machine: written to the log and kept in memory for
  // the tests (providers/email-log, a workspace package). Set EMAIL_PROVIDER
  // to e.g. "nodemailer" with its options for real mail.
  email: {
    config: {
      provider: env('EMAIL_PROVIDER', 'messaging-email-log'),
      providerOptions: { log: env('EMAIL_LOG', 'true') !== 'false', file: env('EMAIL_LOG_FILE', '') || undefined },
      settings: { defaultFrom: env('EMAIL_FROM', 'praxis@example.org'), defaultReplyTo: env('EMAIL_REPLY_TO', 'praxis@example.org') },
    },
  },
  messaging: {
    // MESSAGING_PLUGIN=off boots the practice app without the plugin: the
    // baseline of the appointment-creation benchmark.
    enabled: env('MESSAGING_PLUGIN', 'on') !== 'off',
    resolve: pluginRoot(),
    config: {
      publicUrl: env('MESSAGING_PUBLIC_URL', `http://localhost:${env('PORT', '1337')}`),
      // The documented example of a host mapping: which of this app's types
      // and attributes hold appointments, clients, record types and documents.
      host: {
        appointment: {
          uid: 'api::appointment.appointment',
          fields: {
            start: 'start',
            end: 'end',
            status: 'state',
            client: 'client',
            location: 'location',
            mode: 'mode',
            onlineLink: 'onlineLink',
            note: 'note',
          },
          statusValues: { scheduled: 'scheduled', cancelled: 'cancelled' },
          onlineValue: 'online',
        },
        client: {
          uid: 'api::client.client',
          fields: {
            firstName: 'firstName',
            lastName: 'lastName',
            salutation: 'salutation',
            formalAddress: 'formalAddress',
            mobile: 'mobile',
            email: 'email',
            threemaId: 'threemaId',
            recordType: 'recordType',
            notificationSettings: 'notificationSettings',
            consent: 'consent',
            language: 'language',
          },
        },
        recordType: {
          uid: 'api::record-type.record-type',
          fields: { name: 'name', notificationDefaults: 'notificationDefaults' },
        },
        document: {
          uid: 'api::document.document',
          fields: { title: 'title', file: 'file', client: 'client' },
        },
        // Many practices in one Strapi: a client belongs to a practice, an
        // appointment may name its own (it wins). Staff of a practice (the
        // relation to admin users) act for it when their role's permissions
        // carry the condition "own practice only".
        practice: {
          uid: 'api::practice.practice',
          fields: { key: 'key', name: 'name', staff: 'staff' },
          client: 'practice',
          appointment: 'practice',
        },
      },
    },
  },
});

export default config;
