'use strict';
/**
 * What a built file imports, read from its text: relative paths, packages
 * and Node's built-ins. Used by the package check (every import must resolve
 * inside the package or to a declared dependency) and by the adopter script
 * (every package the plugin imports must be installed in the adopter app).
 */
const fs = require('fs');
const { builtinModules } = require('module');
const path = require('path');

const IMPORT_PATTERNS = [
  /\bfrom\s+['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\bimport\s+['"]([^'"]+)['"]/g,
  /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\/\/\/\s*<reference\s+(?:path|types)=['"]([^'"]+)['"]/g,
];

function importsOf(text) {
  // comments may quote code ("from '...'") that is not an import
  const code = text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/(?!\/\s*<reference).*$/gm, '');
  const found = new Set();
  for (const pattern of IMPORT_PATTERNS)
    for (const match of code.matchAll(pattern)) found.add(match[1]);
  return [...found];
}

const packageNameOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
const isBuiltin = (specifier) =>
  specifier.startsWith('node:') || builtinModules.includes(packageNameOf(specifier));
const isRelative = (specifier) => specifier.startsWith('.');

/** Files below `dir` (relative, with "/"), for a filter on their names. */
function filesBelow(dir, accept = () => true, prefix = '') {
  const out = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...filesBelow(dir, accept, relative));
    else if (accept(relative)) out.push(relative);
  }
  return out;
}

module.exports = { importsOf, packageNameOf, isBuiltin, isRelative, filesBelow };
