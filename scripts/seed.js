#!/usr/bin/env node
'use strict';
/** `npm run seed`: fills the playground's database with the demo practice (idempotent). */
const path = require('path');
const playground = require('./lib/playground');
const { seedPractice } = require('./seed/run');

async function main() {
  process.chdir(playground.appDir);
  const dotEnv = path.join(playground.appDir, '.env');
  if (!process.env.APP_KEYS && !require('fs').existsSync(dotEnv)) playground.ensureDotEnv();
  await playground.compilePlayground();
  const strapi = await playground.loadPlayground();
  try {
    const created = await seedPractice(strapi);
    console.log(
      `seed: created ${created.recordTypes} record types, ${created.clients} clients, ${created.appointments} appointments`
    );
  } finally {
    await strapi.destroy();
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
