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
  // Each program run under mocks loads the provider SDKs afresh; recycle a worker once it has grown
  // so one test file's modules do not slow the next (in-band runs would share one heap).
  maxWorkers: 2,
  workerIdleMemoryLimit: "1GB",
};
