/**
 * Jest runs in native ESM mode (NestJS 12 and TypeORM 1 are ESM-only packages); SWC strips the
 * TypeScript and emits the decorator metadata Nest's dependency injection reads.
 *
 * Three tiers (`--selectProjects unit|integration|e2e`): unit tests need no database; integration
 * tests run handlers and repositories against real PostgreSQL without HTTP; e2e tests go through the
 * real server. Jest runs a project's globalSetup only when a test of that project is selected (once
 * per distinct file), so the throw-away database starts only for the integration and e2e tiers.
 * @type {import('jest').Config}
 */
const shared = {
  testEnvironment: 'node',
  rootDir: '.',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // CommonJS packages that require an ESM-only dependency (Jest implements require(esm) only on
  // Node 24.9+): those dependencies are compiled to CommonJS for the test run.
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|@apidevtools/json-schema-ref-parser)/)'],
  transform: {
    '/node_modules/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2023',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
        },
        module: { type: 'es6' },
        sourceMaps: 'inline',
      },
    ],
  },
};

const database = {
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
};

export default {
  testTimeout: 30000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      // Pure logic beside the code, and the checks of the test tooling itself.
      testMatch: [
        '<rootDir>/src/**/*.spec.ts',
        '<rootDir>/test/unit/**/*.spec.ts',
        '<rootDir>/test/support/**/*.spec.ts',
      ],
    },
    { ...shared, ...database, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.spec.ts'] },
    { ...shared, ...database, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'] },
  ],
};
