/** @type {import('jest').Config} */
// ts-jest in isolatedModules mode only transpiles: type errors are caught once by `npm run typecheck`,
// which the README's test command runs first, so jest does not pay for type-checking every file again.
const transform = { '^.+\\.tsx?$': ['ts-jest', { tsconfig: { jsx: 'react', isolatedModules: true } }] };
module.exports = {
  testEnvironment: 'node',
  transform,
  roots: ['<rootDir>/tests', '<rootDir>/pcf-controls', '<rootDir>/webresources'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/out/', '/dist/'],
  testTimeout: 60000,
  // Builds the solution zip the tests import into the Dataverse emulator, once per run.
  globalSetup: '<rootDir>/tests/global-setup.ts',
};
