import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { offlineMocks } from "../mock-runtime/offline-mocks";
import { RecordedResource, recordRegistrations } from "../mock-runtime/recording-monitor";
import type { StackFile } from "./stack-files";

const projectRoot = path.resolve(__dirname, "..", "..");
const programEntry = path.join(projectRoot, "infra", "index");
const projectSources = [path.join(projectRoot, "infra") + path.sep, path.join(projectRoot, "components") + path.sep];

export interface StackEvaluation {
  resources: RecordedResource[];
  outputs: Record<string, unknown>;
  error?: Error;
}

/**
 * Drops the program's own modules from Node's module cache so the next evaluation re-runs it with the
 * next stack's config. Pulumi and the provider SDKs stay loaded (that is most of the start-up time);
 * their runtime state is reset by setMocks and setAllConfig on every evaluation.
 */
function forgetProgramModules(): void {
  for (const id of Object.keys(require.cache)) {
    if (projectSources.some((dir) => id.startsWith(dir))) delete require.cache[id];
  }
}

/**
 * Runs infra/index.ts under Pulumi's mock runtime with a stack's config, recording every registration
 * (no cloud, no credentials). Evaluations in one process must not overlap: the runtime is global.
 */
export async function evaluateStack(project: string, stackFile: StackFile, options: { preview?: boolean } = {}): Promise<StackEvaluation> {
  forgetProgramModules();
  const resources = recordRegistrations(offlineMocks, project, stackFile.stack, options.preview ?? false);
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(stackFile.config)) flat[k] = typeof v === "string" ? v : JSON.stringify(v);
  pulumi.runtime.setAllConfig(flat, stackFile.secretKeys);
  const outputs: Record<string, unknown> = {};
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require(programEntry) as Record<string, unknown>;
    for (const [k, v] of Object.entries(program)) {
      outputs[k] = pulumi.Output.isInstance(v) ? await new Promise((resolve) => (v as pulumi.Output<unknown>).apply(resolve)) : v;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    await (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();
    return { resources, outputs };
  } catch (e) {
    return { resources, outputs, error: e as Error };
  }
}
