#!/usr/bin/env node
'use strict';
/** `npm run test:e2e`: the browser tests (headless Debian Chromium via playwright-core). */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const results = path.resolve(__dirname, '..', '.tmp', 'test-results', 'e2e.json');
fs.mkdirSync(path.dirname(results), { recursive: true });
const result = spawnSync(
  'npx',
  [
    'jest',
    '--runInBand',
    '--selectProjects',
    'e2e',
    '--json',
    `--outputFile=${results}`,
    ...process.argv.slice(2),
  ],
  {
    cwd: path.resolve(__dirname, '..'),
    stdio: 'inherit',
    env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' },
  }
);
process.exit(result.status ?? 1);
