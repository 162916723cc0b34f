/**
 * The serialized dynamic providers exactly as the program registers them, keyed by type token:
 * `declare` registers probe resources (importing their components itself, inside the isolated
 * module registry under Pulumi's mock runtime), and each probe's `__provider` input is kept.
 */
export async function serializedProviders(declare: () => Promise<void>): Promise<Record<string, string>> {
  const providers: Record<string, string> = {};
  await jest.isolateModulesAsync(async () => {
    const { recordRegistrations } = await import("../../tools/mock-runtime/recording-monitor");
    const { offlineMocks } = await import("../../tools/mock-runtime/offline-mocks");
    const recorded = recordRegistrations(offlineMocks, "m365-backup", "test");
    await declare();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    await (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();
    for (const r of recorded) if (typeof r.inputs.__provider === "string") providers[r.type] = r.inputs.__provider;
  });
  return providers;
}
