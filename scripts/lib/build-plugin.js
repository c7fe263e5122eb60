'use strict';
/**
 * Runs the plugin's build (`npm run build`: `strapi-plugin build`, then the
 * declarations of shared/ into dist/shared, which the server's and the
 * admin's declarations import) when dist/ is missing or older than any source
 * file: the server and the admin load the plugin from dist/, so a stale build
 * would test old code. It is also the package's prepack: `npm pack` and
 * `npm publish` build first, unless dist/ is up to date.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const SOURCES = ['server/src', 'admin/src', 'shared', 'package.json'];
const OUTPUTS = ['dist/server/index.js', 'dist/admin/index.mjs', 'dist/shared/vocabulary.d.ts'];

function newestMtime(target) {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target))
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

function pluginBuildIsStale() {
  const outputs = OUTPUTS.map((file) => path.join(root, file));
  if (!outputs.every((file) => fs.existsSync(file))) return true;
  const built = Math.min(...outputs.map((file) => fs.statSync(file).mtimeMs));
  return SOURCES.some((source) => newestMtime(path.join(root, source)) > built);
}

function buildPlugin({ force = false } = {}) {
  if (!force && !pluginBuildIsStale()) return false;
  // to stderr: `npm pack --json` runs this as prepack and keeps stdout for its report
  console.error('building the plugin (strapi-plugin build) ...');
  fs.rmSync(path.join(root, 'dist', 'shared'), { recursive: true, force: true }); // no declarations of deleted files
  execFileSync('npm', ['run', '--silent', 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return true;
}

/**
 * The admin panel (playground/dist/build) bundles the plugin's admin code:
 * it is stale when missing or older than the plugin's admin build or the
 * playground's admin customisation.
 */
function adminBuildIsStale(appDir) {
  const index = path.join(appDir, 'dist', 'build', 'index.html');
  if (!fs.existsSync(index)) return true;
  const built = fs.statSync(index).mtimeMs;
  const inputs = [
    path.join(root, 'dist', 'admin'),
    path.join(appDir, 'src', 'admin'),
    path.join(appDir, 'package.json'),
  ];
  return inputs.some((input) => fs.existsSync(input) && newestMtime(input) > built);
}

module.exports = { buildPlugin, pluginBuildIsStale, adminBuildIsStale };

if (require.main === module) buildPlugin({ force: process.argv.includes('--force') });
