#!/usr/bin/env node
'use strict';
/**
 * The fake Twilio of tests/fakes in a process of its own, as a real provider
 * would be: the benchmark must not share its event loop with the fake.
 * Prints {url, accountSid, authToken} as one JSON line, runs until killed.
 */
require('./ts-require');
const { FakeTwilio } = require('../../tests/fakes/twilio-server.ts');

const latencyMs = Number(process.argv[2] ?? 50);
new FakeTwilio({ latencyMs }).start().then((fake) => {
  process.stdout.write(
    `${JSON.stringify({ url: fake.url, accountSid: fake.accountSid, authToken: fake.authToken })}\n`
  );
});
