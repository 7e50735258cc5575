// One jest run for the whole workspace: unit specs beside the code, integration
// specs (*.int-spec.ts) against the real broker/Postgres/Redis/devnet, e2e under e2e/.
const swc = require('./.swcrc.json');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/tools', '<rootDir>/apps', '<rootDir>/e2e', '<rootDir>/scripts'],
  testMatch: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }],
    // @noble/hashes 2 (required by @shazow/whatsabi's CommonJS build) ships ES modules only: jest's CommonJS
    // runtime cannot require them the way Node >= 20.19 does, so they are compiled like our sources; so is jose 6 (the gateway's JWTs).
    '/node_modules/(@noble/hashes|jose)/.+\\.js$': ['@swc/jest', { ...swc, swcrc: false }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@noble/hashes|jose)/)'],
  moduleNameMapper: {
    '^@pum/contracts$': '<rootDir>/libs/contracts/src/index.ts',
    '^@pum/platform$': '<rootDir>/libs/platform/src/index.ts',
    '^@pum/evm$': '<rootDir>/libs/evm/src/index.ts',
    '^@pum/timeseries$': '<rootDir>/libs/timeseries/src/index.ts',
    '^@pum/guidance$': '<rootDir>/libs/guidance/src/index.ts',
    '^@pum/client$': '<rootDir>/libs/client/src/index.ts',
    '^@pum/devnet$': '<rootDir>/tools/devnet/src/index.ts',
    '^@pum/forecast-cli$': '<rootDir>/tools/forecast-cli/src/index.ts',
    '^@pum/testing$': '<rootDir>/tools/testing/src/index.ts',
    '^@pum/risk-model$': '<rootDir>/libs/risk-model/src/index.ts',
    '^@pum/risk-cli$': '<rootDir>/tools/risk-cli/src/index.ts',
    '^@pum/dex-analytics$': '<rootDir>/libs/dex-analytics/src/index.ts',
    '^@pum/analytics-cli$': '<rootDir>/tools/analytics-cli/src/index.ts',
  },
  testPathIgnorePatterns: ['/node_modules/', '/.local/', '/dist/'],
  maxWorkers: 2,
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
};
