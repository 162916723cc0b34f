/**
 * Pulumi takes a stack trace for every promise and resource it makes (debuggablePromise,
 * Resource.callsites). Under ts-node each trace is mapped through source maps (source-map-support), which
 * cost more than evaluating the program: in a profile of the gate over 20 stacks, 8 of 30 seconds. Where
 * only messages are shown (the gate, the tests' program process), V8's own formatting serves. The package
 * runs compiled JavaScript, which has no such hook.
 */
export function plainStackTraces(): void {
  // Deleting the hook restores V8's default formatting (the typings do not admit undefined).
  delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
}
