#!/usr/bin/env node
'use strict';
/**
 * One Strapi instance that only dispatches: boots the playground on the
 * database named by the environment, says "ready", waits for "go" on stdin
 * (so several workers start together), ticks until nothing is queued or
 * sending, prints its counts as JSON and exits. Used by the two-instance
 * test and the benchmark.
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
  await new Promise((resolve) => readline.createInterface({ input: process.stdin }).once('line', resolve));

  const started = Date.now();
  const totals = { claimed: 0, sent: 0, retried: 0, failed: 0, ticks: 0 };
  for (;;) {
    const result = await dispatcher.tick();
    totals.ticks += 1;
    for (const key of ['claimed', 'sent', 'retried', 'failed']) totals[key] += result[key];
    if (result.claimed > 0) continue;
    const open = await strapi.db.query(uid).count({ where: { status: { $in: ['queued', 'sending'] } } });
    if (open === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  process.stdout.write(`${JSON.stringify({ ...totals, ms: Date.now() - started, instance: dispatcher.instance.instanceId })}\n`);
  await strapi.destroy();
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
