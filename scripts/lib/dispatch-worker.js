#!/usr/bin/env node
'use strict';
/**
 * One Strapi instance that only dispatches: boots the playground on the
 * database named by the environment, says "ready", waits for "go" on stdin
 * (so several workers start together), ticks until nothing is queued or
 * sending, prints its counts as JSON and exits. Used by the two-instance
 * test and the benchmark. With WORKER_TASK=bill it runs billing passes for
 * WORKER_PRACTICE instead, until a second line ("stop") arrives. With
 * WORKER_TASK=serve it answers HTTP on a free loopback port (printed as
 * {"port": N}) until "stop", as a second instance behind one proxy.
 */
const readline = require('readline');
const playground = require('./playground');

async function main() {
  playground.setTestSecrets();
  process.chdir(playground.appDir);
  const strapi = await playground.loadPlayground();
  const dispatcher = strapi.plugin('messaging').service('dispatcher');
  const uid = 'plugin::messaging.message';
  process.stdout.write('ready\n');
  const input = readline.createInterface({ input: process.stdin });
  // The parent (a test, the benchmark) gone without a word: do not run on as an orphan.
  input.once('close', () => process.exit(2));
  await new Promise((resolve) => input.once('line', resolve));

  if (process.env.WORKER_TASK === 'serve') {
    strapi.server.mount();
    await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
    process.stdout.write(`${JSON.stringify({ port: strapi.server.httpServer.address().port })}\n`);
    await new Promise((resolve) => input.once('line', resolve));
    await strapi.destroy();
    process.stdout.write('{}\n');
    return;
  }

  if (process.env.WORKER_TASK === 'bill') {
    // Billing passes back to back for one practice until told to stop, then one last pass.
    let stop = false;
    input.once('line', () => (stop = true));
    const billing = strapi.plugin('messaging').service('billing');
    const practice = process.env.WORKER_PRACTICE || 'default';
    const totals = { passes: 0, charged: 0, invoices: 0 };
    for (let last = false; ; ) {
      const result = await billing.runForPractice(practice, new Date());
      totals.passes += 1;
      totals.charged += result.charged;
      totals.invoices += result.invoices.length;
      if (last) break;
      last = stop;
      // a breath between passes, as between dispatcher ticks: on SQLite (one
      // writer at a time) back-to-back passes would starve the test's inserts
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    process.stdout.write(`${JSON.stringify(totals)}\n`);
    await strapi.destroy();
    return;
  }

  const started = Date.now();
  const totals = {
    claimed: 0,
    sent: 0,
    retried: 0,
    failed: 0,
    released: 0,
    expired: 0,
    reconciled: 0,
    ticks: 0,
  };
  for (;;) {
    const result = await dispatcher.tick();
    totals.ticks += 1;
    for (const key of ['claimed', 'sent', 'retried', 'failed', 'released', 'expired', 'reconciled'])
      totals[key] += result[key];
    if (result.claimed > 0) continue;
    const open = await strapi.db
      .query(uid)
      .count({ where: { status: { $in: ['queued', 'claimed', 'sending', 'checking'] } } });
    if (open === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  process.stdout.write(
    `${JSON.stringify({ ...totals, ms: Date.now() - started, instance: dispatcher.instance.instanceId })}\n`
  );
  await strapi.destroy();
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
