/**
 * Two projects: `unit` runs the pure domain code without Strapi; `integration`
 * boots the real playground on a fresh database per test file (SQLite by
 * default, PostgreSQL or MariaDB when DATABASE_CLIENT says so).
 */
const transform = { '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true } } }] };

module.exports = {
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
      testTimeout: 120000,
    },
  ],
};
