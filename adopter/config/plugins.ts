import type { Core } from '@strapi/strapi';

const allowedMediaTypes = [
  'image/*',
  'video/*',
  'audio/*',
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.*',
  'text/plain',
  'text/csv',
];

const deniedTypes = [
  'image/svg+xml',
  'application/vnd.microsoft.portable-executable',
  'application/x-msdownload',
  'application/x-msdos-program',
  'application/x-executable',
  'application/x-dosexec',
  'application/x-sh',
  'text/x-shellscript',
  'application/x-mach-binary',
];

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  'users-permissions': {
    config: {
      jwtManagement: 'refresh',
      sessions: {
        httpOnly: true,
      },
    },
  },
  upload: {
    config: {
      security: {
        allowedTypes: allowedMediaTypes,
        deniedTypes,
      },
    },
  },
  // Benachrichtigungen per SMS und E-Mail (strapi-plugin-messaging), nach dem README des Plugins eingerichtet.
  messaging: {
    enabled: true,
    config: {
      publicUrl: env('PUBLIC_URL', 'http://localhost:1337'),
      host: {
        appointment: {
          uid: 'api::termin.termin',
          fields: { start: 'beginn', end: 'ende', status: 'zustand', client: 'patient', location: 'ort' },
          statusValues: { scheduled: 'geplant', cancelled: 'abgesagt' },
        },
        client: {
          uid: 'api::patient.patient',
          fields: {
            firstName: 'vorname',
            lastName: 'nachname',
            salutation: 'anrede',
            mobile: 'handy',
            email: 'email',
            consent: { sms: 'smsErlaubt', email: 'emailErlaubt' },
          },
        },
        // Zwei Standorte in einem Strapi: das Textfeld "standort" (z. B. "sued") nennt die Praxis
        // eines Patienten und eines Termins; leer heißt der Hauptstandort ("default").
        practice: { client: 'standort', appointment: 'standort' },
      },
      // Diese Praxis bestätigt jede Buchung auch per SMS (ohne diese Zeile: Bestätigungen per E-Mail und Threema).
      notices: { defaults: { confirmation: { sms: true } } },
    },
  },
});

export default config;
