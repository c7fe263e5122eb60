/**
 * Projects: `unit` runs the pure domain code without Strapi; `integration`
 * boots the real playground on a fresh database per test file (SQLite by
 * default, PostgreSQL or MariaDB when DATABASE_CLIENT says so); `e2e` drives
 * the built admin in headless Chromium (npm run test:e2e); `adopter` and
 * `adopter-e2e` do the same with the adopter app and the plugin npm installed
 * from the tarball (node scripts/adopter.js).
 */
const transform = { '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true } } }] };

module.exports = {
  // A project-level testTimeout is ignored by Jest; booting Strapi takes seconds.
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/unit'],
      testMatch: ['**/*.test.ts'],
      transform,
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/integration'],
      testMatch: ['**/*.test.ts'],
      transform,
      globalSetup: '<rootDir>/tests/helpers/global-setup.js',
      setupFiles: ['<rootDir>/tests/helpers/quiet-knex.js'],
      modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/playground/dist/', '<rootDir>/playground/.tmp/'],
    },
    {
      // The adopter app (adopter/) with the plugin npm installed from the tarball: scripts/adopter.js prepares it.
      displayName: 'adopter',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/adopter'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['\\.e2e\\.test\\.ts$'],
      transform,
      globalSetup: '<rootDir>/tests/adopter/helpers/global-setup.js',
    },
    {
      displayName: 'adopter-e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/adopter'],
      testMatch: ['**/*.e2e.test.ts'],
      transform,
      globalSetup: '<rootDir>/tests/adopter/helpers/e2e-server.js',
      globalTeardown: '<rootDir>/tests/adopter/helpers/e2e-teardown.js',
    },
    {
      displayName: 'e2e',
      testEnvironment: '<rootDir>/tests/e2e/helpers/environment.js',
      roots: ['<rootDir>/tests/e2e'],
      testMatch: ['**/*.e2e.test.ts'],
      transform,
      globalSetup: '<rootDir>/tests/e2e/helpers/global-setup.js',
      globalTeardown: '<rootDir>/tests/e2e/helpers/global-teardown.js',
      modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/playground/dist/', '<rootDir>/playground/.tmp/'],
    },
  ],
};
