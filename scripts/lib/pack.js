'use strict';
/**
 * `npm pack` as a publish would do it (prepack builds the plugin when its
 * sources changed), into .tmp/package/. Shared by scripts/check-package.js
 * and scripts/adopter.js, so both test the same kind of tarball.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const repoRoot = path.resolve(__dirname, '..', '..');
const packDir = path.join(repoRoot, '.tmp', 'package');

/** Packs the plugin and returns the tarball's absolute path. */
function packPlugin({ destination = packDir } = {}) {
  fs.rmSync(destination, { recursive: true, force: true });
  fs.mkdirSync(destination, { recursive: true });
  // The prepack script's output goes to stderr with `--json`, so stdout is the report alone.
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [report] = JSON.parse(output.slice(output.indexOf('[')));
  return path.join(destination, report.filename);
}

/** The paths inside a tarball, without npm's leading `package/`. */
function tarballFiles(tarball) {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line && !line.endsWith('/'))
    .map((line) => line.replace(/^package\//, ''));
}

module.exports = { repoRoot, packDir, packPlugin, tarballFiles };
