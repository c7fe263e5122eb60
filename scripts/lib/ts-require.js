'use strict';
/**
 * Lets plain Node scripts (the benchmark) require the TypeScript test fakes:
 * .ts files are compiled with @swc/core on load, as Jest does with @swc/jest.
 */
const fs = require('fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
