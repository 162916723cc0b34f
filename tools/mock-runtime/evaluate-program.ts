import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { offlineEnvironmentVariable } from "../../infra/discovery/offline-switch";
import { offlineMocks } from "./offline-mocks";
import { RecordedResource, recordRegistrations } from "./recording-monitor";

const projectRoot = path.resolve(__dirname, "..", "..");
const programEntry = path.join(projectRoot, "infra", "index");
/** The program's entry file, as ts-node (index.ts) or the package (index.js) loads it. */
const isProgramEntry = (id: string) => id === `${programEntry}.ts` || id === `${programEntry}.js`;

export interface ProgramEvaluation {
  resources: RecordedResource[];
  /** Stack outputs the program exported, resolved. */
  outputs: Record<string, unknown>;
  /** Names of the outputs Pulumi holds as secrets. */
  secretOutputs: string[];
  error?: Error;
}

export interface ProgramEvaluationOptions {
  project: string;
  stack: string;
  /** The stack's config as `pulumi` hands it over: `<namespace>:<key>` to a value (objects as JSON text or as objects). */
  config: Readonly<Record<string, unknown>>;
  secretKeys: readonly string[];
  /** What answers registrations and calls; the offline simulations by default. */
  mocks?: pulumi.runtime.Mocks;
  preview?: boolean;
  /** Discovery through Microsoft Graph (the environment's endpoint) instead of config: a real run, in tests. */
  graphDiscovery?: boolean;
}

/** A stack output whose value is unknown during preview, as the engine shows it. */
export const unknownDuringPreview = "[unknown during preview]";

/**
 * Runs infra/index.ts under Pulumi's mock runtime with a stack's config, recording every registration
 * (no cloud, no credentials). The program's entry is dropped from Node's module cache first so each
 * evaluation runs it afresh. Everything it imports stays loaded: the SDKs (most of the start-up time,
 * their runtime state reset by setMocks and setAllConfig) and the module's own files, which hold no state
 * (no module-level variable outside the providers' runtimes, which the program does not load), so each
 * dynamic provider is serialized once per process (Pulumi caches it by object), not once per stack.
 * Evaluations in one process must not overlap: the runtime is global.
 */
export async function evaluateProgram(options: ProgramEvaluationOptions): Promise<ProgramEvaluation> {
  for (const id of Object.keys(require.cache)) if (isProgramEntry(id)) delete require.cache[id];
  // Node also lists every module a file required in its `children`: a dropped entry left there would hold
  // each run's whole resource graph (about 2 MB a stack) for the life of the process.
  if (Array.isArray(module.children)) module.children = module.children.filter((m) => !isProgramEntry(m.id));
  const resources = recordRegistrations(options.mocks ?? offlineMocks, options.project, options.stack, options.preview ?? false);
  if (options.graphDiscovery) delete process.env[offlineEnvironmentVariable];
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.config)) flat[k] = typeof v === "string" ? v : JSON.stringify(v);
  pulumi.runtime.setAllConfig(flat, [...options.secretKeys]);
  const outputs: Record<string, unknown> = {};
  const secretOutputs: string[] = [];
  // A failure inside an apply (a value the program cannot serialize) surfaces as an unhandled rejection,
  // which would end the whole process: it is this evaluation's error, as the engine reports it for one stack.
  // The outputs that wait on the failed value never settle, so the wait for them ends with it.
  let unhandled: Error | undefined;
  let fail: (e: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  const onUnhandled = (reason: unknown) => {
    unhandled ??= reason instanceof Error ? reason : new Error(String(reason));
    fail(unhandled);
  };
  process.on("unhandledRejection", onUnhandled);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require(programEntry) as Record<string, unknown>;
    for (const [k, v] of Object.entries(program)) {
      if (!pulumi.Output.isInstance(v)) {
        outputs[k] = v;
        continue;
      }
      // The output's own promise: it rejects when a resource it depends on failed, as the engine reports it.
      // An apply never runs on a value unknown during preview, so such an output is recorded as unknown instead of awaited.
      const output = v as pulumi.Output<unknown> & { isKnown: Promise<boolean> };
      const settled = output.isKnown.then((known) => (known ? new Promise((resolve) => output.apply(resolve)) : unknownDuringPreview));
      outputs[k] = await Promise.race([settled, failed]);
      if (await (v as unknown as { isSecret: Promise<boolean> }).isSecret) secretOutputs.push(k);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    await (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();
    await new Promise((resolve) => setImmediate(resolve));
    if (unhandled) throw unhandled;
    return { resources, outputs, secretOutputs };
  } catch (e) {
    return { resources, outputs, secretOutputs, error: unhandled ?? (e as Error) };
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
}
