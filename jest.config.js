/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // Type checking is done once by `tsc` in `npm test`; per-file transpilation keeps jest fast.
    "^.+\\.ts$": ["ts-jest", { isolatedModules: true }],
  },
  testTimeout: 60000,
  setupFiles: ["<rootDir>/tests/harness/test-environment.ts"],
  // Program runs happen in a program process per test file (tests/harness/program-process.ts); a
  // worker that has still grown past this is replaced between files, keeping each under 2 GB resident.
  maxWorkers: 2,
  workerIdleMemoryLimit: "600MB",
};
