#!/usr/bin/env node
'use strict';
/**
 * Checks the npm package as a stranger gets it: packs it (`npm pack`, whose
 * prepack builds), lists the tarball and fails when
 *   - a file the README says is in the package, or a file package.json points
 *     at (exports, entry files), is not in the tarball;
 *   - the tarball holds more than the built plugin (sources, tests, playground);
 *   - a declaration or module imports a relative path that is not in the
 *     package, or a package that is neither a dependency, a peer nor built in;
 *   - a TypeScript consumer with `skipLibCheck: false` that imports the
 *     package's types does not compile: once as a Strapi app's own tsconfig
 *     (moduleResolution "Node"), once strict with "node16" (package exports),
 *     and, with --with-admin, the admin entry with Strapi's admin tsconfig.
 * Strapi 5.54.0's own declarations do not compile with `skipLibCheck: false`
 * (@types/koa against @strapi/core's koa augmentation, and more when strict),
 * so each consumer has a twin that imports the same third-party modules
 * without the plugin: the plugin must add no error to what the twin reports.
 *
 *   node scripts/check-package.js [--tarball <file>] [--with-admin]   (default: pack now)
 */
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { repoRoot, packDir, packPlugin, tarballFiles } = require('./lib/pack');
const { importsOf, packageNameOf, isBuiltin, isRelative } = require('./lib/package-imports');

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const problems = [];
const problem = (text) => problems.push(text);

// ---------------------------------------------------------------- the tarball

/** Files at the package's top level besides dist/: npm adds package.json, README and LICENSE itself. */
const ALLOWED_TOP_LEVEL = new Set([
  'package.json',
  'README.md',
  'LICENSE',
  ...manifest.files.filter((entry) => entry !== 'dist'),
]);

function checkContents(files) {
  for (const file of files) {
    if (!file.startsWith('dist/') && !ALLOWED_TOP_LEVEL.has(file))
      problem(`the tarball holds ${file}, which is no part of the built plugin`);
    if (/\.test\.|(^|\/)tests?\//.test(file)) problem(`the tarball holds a test file: ${file}`);
  }
}

/** Every path package.json points at, except the "source" condition (Strapi's tooling reads it in a checkout only, as in Strapi's own plugins). */
function manifestTargets() {
  const targets = new Set();
  const walk = (value, condition) => {
    if (typeof value === 'string') {
      if (condition !== 'source') targets.add(value.replace(/^\.\//, ''));
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) walk(inner, key);
    }
  };
  walk(manifest.exports);
  for (const entry of manifest.files) if (entry !== 'dist') targets.add(entry);
  targets.add('LICENSE');
  return [...targets];
}

/**
 * What the README says is in the package: a path in backticks followed by
 * "(in the package)", and the paths in the first column of the table in a
 * section whose heading says "in the package". A path that ends with "/"
 * names a folder: something must be in it.
 */
function readmePackageFiles() {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const named = new Set();
  for (const match of readme.matchAll(/`([^`\s]+)`\s*\(in the package\)/g)) named.add(match[1]);
  let inSection = false;
  for (const line of readme.split('\n')) {
    const heading = /^#+\s+(.*)$/.exec(line);
    if (heading) inSection = /in the package/i.test(heading[1]);
    else if (inSection && line.startsWith('|')) {
      const firstCell = line.split('|')[1] ?? '';
      for (const match of firstCell.matchAll(/`([^`\s]+)`/g)) named.add(match[1]);
    }
  }
  if (named.size === 0)
    problem(
      'the README names no file as in the package (a table under a heading "... in the package")'
    );
  return [...named];
}

const exists = (files, target) =>
  target.endsWith('/') ? files.some((file) => file.startsWith(target)) : files.includes(target);

function checkNamedFiles(files) {
  const targets = [
    ...manifestTargets().map((target) => ['package.json', target]),
    ...readmePackageFiles().map((target) => ['README', target]),
  ];
  for (const [source, target] of targets) {
    if (!exists(files, target)) problem(`${source} names ${target}, which is not in the package`);
  }
  return targets.length;
}

// ---------------------------------------------------------------- imports

/** A package whose own files carry no types needs its @types package beside it for a consumer's type check. */
function hasOwnTypes(name) {
  try {
    // the folder itself: a package's exports may not expose its package.json
    const dir = path.join(repoRoot, 'node_modules', name);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    return Boolean(
      pkg.types ||
      pkg.typings ||
      fs.existsSync(path.join(dir, 'index.d.ts')) ||
      JSON.stringify(pkg.exports ?? {}).includes('"types"')
    );
  } catch {
    return false;
  }
}

function relativeTargetExists(files, fromFile, specifier, declaration) {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  if (base.startsWith('..')) return { outside: true };
  const candidates = declaration
    ? [`${base}.d.ts`, `${base}/index.d.ts`, base.replace(/\.(m?js)$/, '.d.ts'), base]
    : [base, `${base}.js`, `${base}/index.js`];
  return { found: candidates.some((candidate) => files.includes(candidate)) };
}

/** Which entry a declaration belongs to: shared/ serves both. */
const sidesOf = (file) =>
  /^(dist\/)?shared\//.test(file)
    ? ['server', 'admin']
    : /admin/.test(file.split('/').slice(0, 2).join('/'))
      ? ['admin']
      : ['server'];

function checkImports(files, extracted) {
  const declared = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ]);
  const bareInDeclarations = { server: new Set(), admin: new Set() };
  let checked = 0;
  for (const file of files.filter((name) => /\.(d\.ts|js|mjs|cjs)$/.test(name))) {
    const declaration = file.endsWith('.d.ts');
    for (const specifier of importsOf(fs.readFileSync(path.join(extracted, file), 'utf8'))) {
      checked += 1;
      if (isRelative(specifier)) {
        const { outside, found } = relativeTargetExists(files, file, specifier, declaration);
        if (outside) problem(`${file} imports ${specifier}, outside the package`);
        else if (!found) problem(`${file} imports ${specifier}, which is not in the package`);
      } else if (!isBuiltin(specifier)) {
        const name = packageNameOf(specifier);
        if (!declared.has(name))
          problem(
            `${file} imports ${specifier}, but ${name} is neither a dependency nor a peer dependency`
          );
        if (declaration) for (const side of sidesOf(file)) bareInDeclarations[side].add(specifier);
      }
    }
  }
  for (const name of new Set(
    [...bareInDeclarations.server, ...bareInDeclarations.admin].map(packageNameOf)
  )) {
    const typesPackage = `@types/${name.replace(/^@/, '').replace('/', '__')}`;
    // a dependency when the plugin brings the package, a peer (optional for a JavaScript host) when the host does
    const typesDeclared =
      (manifest.dependencies ?? {})[typesPackage] ||
      (manifest.peerDependencies ?? {})[typesPackage];
    if (!hasOwnTypes(name) && !typesDeclared) {
      problem(
        `the declarations import ${name}, which has no types of its own: ${typesPackage} must be a dependency or peer dependency`
      );
    }
  }
  return {
    checked,
    bareInDeclarations: {
      server: [...bareInDeclarations.server].sort(),
      admin: [...bareInDeclarations.admin].sort(),
    },
  };
}

// ---------------------------------------------------------------- consumers

const tsc = path.join(repoRoot, 'node_modules', '.bin', 'tsc');
const IS_NOT_ANY = 'type IsAny<T> = 0 extends 1 & T ? true : false;\n';

const CONSUMERS = [
  {
    name: 'server, as a Strapi app (its tsconfig, moduleResolution Node)',
    side: 'server',
    tsconfig: {
      extends: '@strapi/typescript-utils/tsconfigs/server',
      compilerOptions: { skipLibCheck: false, noEmit: true, incremental: false, types: ['node'] },
    },
    code: `import messaging from 'strapi-plugin-messaging/strapi-server';
${IS_NOT_ANY}const typed: IsAny<typeof messaging> = false; // the import must carry the plugin's types, not any
export const register: (context: { strapi: any }) => void = messaging.register;
export const services = Object.keys(messaging.services);
export { typed };
`,
  },
  {
    name: 'server, strict with package exports (moduleResolution node16)',
    side: 'server',
    tsconfig: {
      compilerOptions: {
        module: 'node16',
        moduleResolution: 'node16',
        target: 'ES2022',
        strict: true,
        esModuleInterop: true,
        skipLibCheck: false,
        noEmit: true,
        types: ['node'],
      },
    },
    code: `import messaging from 'strapi-plugin-messaging/strapi-server';
import type { Core } from '@strapi/strapi';
${IS_NOT_ANY}const typed: IsAny<typeof messaging> = false;
export const bootstrap: (context: { strapi: Core.Strapi }) => Promise<void> = messaging.bootstrap;
export { typed };
`,
  },
];

/** The admin entry's consumer (about two minutes more: React, the design system and Strapi's admin types): --with-admin. */
const ADMIN_CONSUMER = [
  {
    name: 'admin, as a Strapi app’s admin (moduleResolution Bundler)',
    side: 'admin',
    tsconfig: {
      extends: '@strapi/typescript-utils/tsconfigs/admin',
      compilerOptions: { skipLibCheck: false, noEmit: true, types: [] },
    },
    code: `import messagingAdmin from 'strapi-plugin-messaging/strapi-admin';
${IS_NOT_ANY}const typed: IsAny<typeof messagingAdmin> = false;
export const register = messagingAdmin.register;
export { typed };
`,
  },
];

/** Runs tsc on one tsconfig and resolves to its error lines (tsc runs side by side: two cores, two programs). */
function runTsc(dir, tsconfigFile) {
  return new Promise((resolve, reject) => {
    const child = spawn(tsc, ['-p', tsconfigFile, '--pretty', 'false'], { cwd: dir });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const errors = output
        .split('\n')
        .filter((line) => /error TS\d+/.test(line))
        .map((line) => line.trim());
      if (code !== 0 && errors.length === 0)
        reject(new Error(`tsc -p ${tsconfigFile} failed without a diagnostic: ${output}`));
      else resolve(errors);
    });
  });
}

const packageOfError = (error) => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(error);
  return match ? match[1] : 'the consumer';
};

/**
 * The consumer is a package of its own (a package.json of its own keeps
 * TypeScript from resolving the plugin's name to this checkout), with the
 * tarball unpacked into its node_modules; the plugin's dependencies and
 * peers (Strapi, React, ...) resolve from the repository's node_modules.
 */
async function checkConsumers(extracted, bareInDeclarations, consumers) {
  const dir = path.join(packDir, 'consumer');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.cpSync(extracted, path.join(dir, 'node_modules', manifest.name), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'package-consumer', private: true, version: '0.0.0' }, null, 2)
  );

  // the twin loads the same third-party declarations as the plugin's declarations for that entry do, without the plugin
  const twinCode = (specifiers) =>
    [
      ...specifiers.map((specifier, n) => `import type * as m${n} from '${specifier}';`),
      `export type Loaded = [${specifiers.map((_, n) => `typeof m${n}`).join(', ')}];`,
      '',
    ].join('\n');
  const reports = [];
  for (const [n, consumer] of consumers.entries()) {
    const write = (name, code) => {
      fs.writeFileSync(path.join(dir, `${name}.ts`), code);
      fs.writeFileSync(
        path.join(dir, `tsconfig.${name}.json`),
        JSON.stringify({ ...consumer.tsconfig, files: [`${name}.ts`] }, null, 2)
      );
      return `tsconfig.${name}.json`;
    };
    const started = Date.now();
    const [errors, twinErrors] = await Promise.all([
      runTsc(dir, write(`consumer-${n}`, consumer.code)),
      runTsc(dir, write(`twin-${n}`, twinCode(bareInDeclarations[consumer.side]))),
    ]);
    const known = new Set(twinErrors);
    const own = errors.filter((error) => !known.has(error));
    for (const error of own) problem(`consumer "${consumer.name}": ${error}`);
    const thirdParty = {};
    for (const error of twinErrors)
      thirdParty[packageOfError(error)] = (thirdParty[packageOfError(error)] ?? 0) + 1;
    reports.push(
      `  ${own.length === 0 ? 'ok  ' : 'FAIL'} ${consumer.name}: ${own.length} error(s) of its own (${((Date.now() - started) / 1000).toFixed(0)} s)`,
      twinErrors.length === 0
        ? '       third-party declarations: no errors'
        : `       third-party declarations, the same without the plugin: ${Object.entries(
            thirdParty
          )
            .map(([name, count]) => `${name} ${count}`)
            .join(', ')}`
    );
  }
  return reports;
}

// ---------------------------------------------------------------- main

async function main() {
  const argIndex = process.argv.indexOf('--tarball');
  const tarball = argIndex > 0 ? path.resolve(process.argv[argIndex + 1]) : packPlugin();
  const files = tarballFiles(tarball).sort();
  console.log(
    `${path.relative(repoRoot, tarball)} (${(fs.statSync(tarball).size / 1024).toFixed(0)} kB, ${files.length} files):`
  );
  for (const file of files) console.log(`  ${file}`);

  const extracted = path.join(packDir, 'extracted');
  fs.rmSync(extracted, { recursive: true, force: true });
  fs.mkdirSync(extracted, { recursive: true });
  spawnSync('tar', ['-xzf', tarball, '-C', extracted, '--strip-components=1'], {
    stdio: 'inherit',
  });

  checkContents(files);
  const named = checkNamedFiles(files);
  const { checked, bareInDeclarations } = checkImports(files, extracted);
  console.log(
    `\n${named} files named by package.json and the README; ${checked} imports in the package's modules and declarations`
  );
  for (const side of ['server', 'admin']) {
    console.log(
      `packages the ${side} declarations import: ${[...new Set(bareInDeclarations[side].map(packageNameOf))].join(', ')}`
    );
  }
  if (problems.length > 0) report(); // the consumers take minutes and would only repeat these
  console.log('\nTypeScript consumers (skipLibCheck: false):');
  const consumers = process.argv.includes('--with-admin')
    ? [...CONSUMERS, ...ADMIN_CONSUMER]
    : CONSUMERS;
  for (const line of await checkConsumers(extracted, bareInDeclarations, consumers))
    console.log(line);

  report();
}

function report() {
  if (problems.length > 0) {
    console.error(`\n${problems.length} problem(s) with the package:`);
    for (const text of problems) console.error(`  - ${text}`);
    process.exit(1);
  }
  console.log('\nthe package is complete and its types resolve on their own');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
