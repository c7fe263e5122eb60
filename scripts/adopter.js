#!/usr/bin/env node
'use strict';
/**
 * The plugin in a Strapi app it does not know, installed the way a stranger
 * installs it. adopter/ is that app (its own names in German, draft & publish
 * on its appointments, consent as one boolean per channel); its package.json
 * and package-lock.json are the app's own, without the plugin, as before a
 * practice adopts it. In order:
 *
 *   1. npm pack: the tarball, as a publish would build it (scripts/lib/pack.js)
 *   2. npm ci in adopter/: the app's own lock
 *   3. npm install <tarball> in adopter/: the README's install step, a plain
 *      npm install (no --legacy-peer-deps), which writes the dependency into
 *      the app's package.json as it would for `npm install strapi-plugin-messaging`
 *   4. every package the installed plugin imports must be installed in
 *      adopter/node_modules (adopter/ sits inside this repository, whose own
 *      node_modules would otherwise hide a missing dependency)
 *   5. strapi build: the app's admin with the plugin's pages and side panels
 *   6. the adopter tests: integration (jest project "adopter") and browser
 *      ("adopter-e2e"); results in .tmp/test-results/adopter-*.json
 *   7. adopter/package.json and package-lock.json back as committed
 *
 *   node scripts/adopter.js [--keep] [--no-ci] [jest arguments]
 *     --keep    leave the app installed with the plugin in its package.json
 *               (then `cd adopter && npm run develop` works; the next run
 *               puts the committed files back first)
 *     --no-ci   reuse adopter/node_modules instead of `npm ci` (by hand, when
 *               only the plugin changed)
 */
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { packPlugin } = require('./lib/pack');
const {
  importsOf,
  packageNameOf,
  isBuiltin,
  isRelative,
  filesBelow,
} = require('./lib/package-imports');
const adopter = require('../tests/adopter/helpers/app');

const { repoRoot, adopterDir, pluginDir } = adopter;
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const runCi = !args.includes('--no-ci');
const jestArgs = args.filter((arg) => !['--keep', '--no-ci'].includes(arg));

const MANIFESTS = ['package.json', 'package-lock.json'];
const backupDir = path.join(repoRoot, '.tmp', 'adopter-manifests');

const started = Date.now();
let stepStarted = started;
const timings = [];
function step(name) {
  const now = Date.now();
  if (timings.length > 0) timings[timings.length - 1].seconds = (now - stepStarted) / 1000;
  stepStarted = now;
  timings.push({ name, seconds: 0 });
  console.log(`\n--> ${name}`);
}

const run = (command, commandArgs, options = {}) =>
  execFileSync(command, commandArgs, { cwd: adopterDir, stdio: 'inherit', ...options });

/** npm install writes the tarball into the app's manifests: keep the committed ones to put back. */
function restoreManifests() {
  if (!fs.existsSync(backupDir)) return;
  for (const file of MANIFESTS)
    fs.copyFileSync(path.join(backupDir, file), path.join(adopterDir, file));
  fs.rmSync(backupDir, { recursive: true, force: true });
}

function backUpManifests() {
  fs.mkdirSync(backupDir, { recursive: true });
  for (const file of MANIFESTS)
    fs.copyFileSync(path.join(adopterDir, file), path.join(backupDir, file));
}

/** Step 4: resolved the way Node and Vite resolve from the installed plugin, but never above adopter/node_modules. */
function checkInstalledImports() {
  const files = filesBelow(pluginDir, (file) => /^dist\/.*\.(js|mjs|d\.ts)$/.test(file));
  const packages = new Set();
  for (const file of files) {
    for (const specifier of importsOf(fs.readFileSync(path.join(pluginDir, file), 'utf8'))) {
      if (!isRelative(specifier) && !isBuiltin(specifier)) packages.add(packageNameOf(specifier));
    }
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(pluginDir, 'package.json'), 'utf8'));
  for (const name of Object.keys(manifest.dependencies ?? {})) packages.add(name);
  const installed = (name) =>
    [path.join(pluginDir, 'node_modules', name), path.join(adopterDir, 'node_modules', name)].some(
      (dir) => fs.existsSync(path.join(dir, 'package.json'))
    );
  const missing = [...packages].filter((name) => !installed(name));
  if (missing.length > 0)
    throw new Error(
      `the plugin imports packages the adopter app does not have: ${missing.join(', ')}`
    );
  console.log(
    `${packages.size} packages the plugin imports or depends on, all installed in adopter/node_modules`
  );
}

function jest(project, label) {
  const results = path.join(repoRoot, '.tmp', 'test-results', `${label}.json`);
  fs.mkdirSync(path.dirname(results), { recursive: true });
  const result = spawnSync(
    'npx',
    [
      'jest',
      '--runInBand',
      '--selectProjects',
      project,
      '--json',
      `--outputFile=${results}`,
      ...jestArgs,
    ],
    {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' },
    }
  );
  return result.status === 0;
}

function main() {
  restoreManifests(); // a run stopped half-way, or --keep, left the installed manifests

  step('npm pack');
  const tarball = packPlugin();
  console.log(path.relative(repoRoot, tarball));

  if (runCi || !fs.existsSync(path.join(adopterDir, 'node_modules'))) {
    step('npm ci (the adopter app, its own lock)');
    // JOBS: node-gyp builds better-sqlite3 from source (no prebuilt binary offline); its two big files compile side by side
    run('npm', ['ci', '--no-audit', '--no-fund'], {
      env: { ...process.env, JOBS: process.env.JOBS ?? 'max' },
    });
  }

  step('npm install <tarball> (plain, as the README says)');
  backUpManifests();
  let passed = false;
  try {
    run('npm', ['install', path.relative(adopterDir, tarball), '--no-audit', '--no-fund']);
    const dependency = JSON.parse(fs.readFileSync(path.join(adopterDir, 'package.json'), 'utf8'))
      .dependencies['strapi-plugin-messaging'];
    console.log(`adopter/package.json now depends on strapi-plugin-messaging: ${dependency}`);

    step('the installed plugin finds everything it imports inside the app');
    checkInstalledImports();

    step('strapi build (the adopter app and its admin)');
    run(path.join(adopterDir, 'node_modules', '.bin', 'strapi'), ['build'], {
      env: adopter.testEnvironment({ ...process.env }),
    });

    step('adopter integration tests');
    const integration = jest('adopter', 'adopter-integration');
    step('adopter browser tests');
    const browser = jest('adopter-e2e', 'adopter-e2e');
    passed = integration && browser;
  } finally {
    if (!keep) restoreManifests();
  }
  step('done');
  for (const { name, seconds } of timings.slice(0, -1))
    console.log(`  ${seconds.toFixed(0).padStart(4)} s  ${name}`);
  console.log(`  ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s  in total`);
  if (keep)
    console.log(
      'adopter/ keeps the plugin in its package.json (--keep); the next run, or `git checkout adopter/package.json adopter/package-lock.json`, puts them back'
    );
  process.exit(passed ? 0 : 1);
}

main();
