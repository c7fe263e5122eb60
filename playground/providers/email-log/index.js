'use strict';
/**
 * The playground's e-mail provider: nothing leaves the machine. Each mail is
 * written to the log and kept in memory (`globalThis.__messagingMailbox`),
 * where the tests read what would have been sent; with `file` (EMAIL_LOG_FILE)
 * each mail is also appended to that file as a JSON line, the inbox of
 * tests that run Strapi in another process. A mail to an address
 * containing "bounce" fails like an SMTP 550 would.
 */
const fs = require('fs');

module.exports = {
  init(providerOptions = {}, settings = {}) {
    const mailbox = (globalThis.__messagingMailbox ??= []);
    return {
      async send(options) {
        if (String(options.to).includes('bounce')) {
          const error = new Error('550 5.1.1 mailbox unavailable');
          error.responseCode = 550;
          throw error;
        }
        const mail = { from: options.from ?? settings.defaultFrom, ...options, sentAt: new Date().toISOString() };
        mailbox.push(mail);
        if (providerOptions.file) fs.appendFileSync(providerOptions.file, `${JSON.stringify(mail)}\n`);
        if (providerOptions.log !== false) {
          // no address in the log: it is personal data (the mailbox file has the whole mail)
          console.log(`[email-log] e-mail "${mail.subject}" written to the log mailbox`);
        }
      },
    };
  },
};
