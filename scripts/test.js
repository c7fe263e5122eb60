#!/usr/bin/env node
'use strict';
/**
 * `npm test`: builds the plugin if its sources changed, then runs the unit
 * tests and the integration tests (the real playground on a temporary SQLite
 * database; DATABASE_CLIENT=postgres or mysql selects another server).
 * `--integration-only` skips the unit project. Other arguments go to Jest.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { buildPlugin } = require('./lib/build-plugin');

const args = process.argv.slice(2);
const integrationOnly = args.includes('--integration-only');
const jestArgs = args.filter((arg) => arg !== '--integration-only');

buildPlugin();
const projects = integrationOnly
  ? ['--selectProjects', 'integration']
  : ['--selectProjects', 'unit', 'integration'];
// Each run also leaves a JSON summary under .tmp/test-results/ (.ci/run adds them up).
const label = `${integrationOnly ? 'integration' : 'all'}-${process.env.DATABASE_CLIENT || 'sqlite'}`;
const results = path.resolve(__dirname, '..', '.tmp', 'test-results', `${label}.json`);
fs.mkdirSync(path.dirname(results), { recursive: true });
const result = spawnSync(
  'npx',
  ['jest', '--runInBand', ...projects, '--json', `--outputFile=${results}`, ...jestArgs],
  {
    cwd: path.resolve(__dirname, '..'),
    stdio: 'inherit',
    env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' },
  }
);
process.exit(result.status ?? 1);
