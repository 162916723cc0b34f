import * as fs from "fs";
import * as path from "path";
import { runtime } from "@pulumi/pulumi";
import { parse } from "yaml";
import type { RecordedResource } from "../../tools/mock-runtime/recording-monitor";
import { runInProgramProcess } from "./program-process";

export const projectDir = path.resolve(__dirname, "..", "..");

/** The dev stack's config as `pulumi` hands it to the program: `<namespace>:<key>` to a value. */
export function devStackConfig(): Record<string, unknown> {
  const doc = parse(fs.readFileSync(path.join(projectDir, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> };
  return { ...doc.config };
}

export interface ProgramRun {
  resources: RecordedResource[];
  /** Stack outputs the program exported, resolved. */
  outputs: Record<string, unknown>;
  /** Names of the outputs Pulumi holds as secrets (encrypted in state, masked in the CLI). */
  secretOutputs?: string[];
  error?: Error;
}

/**
 * Runs infra/index.ts under Pulumi's mock runtime with the given stack config, in the test file's
 * program process (the SDKs loaded once, the program afresh per run). Object values are passed as
 * JSON strings, as the Pulumi CLI passes them. With `extend`, a fresh module registry in this process
 * instead (the extension is code).
 */
export async function runProgram(
  config: Record<string, unknown>,
  options: {
    preview?: boolean;
    /** The stack's name (its URNs carry it); dev by default. */
    stack?: string;
    secretKeys?: string[];
    /** A change to the program: declares more resources after infra/index.ts, in the same runtime (mutation tests). */
    extend?: (program: Record<string, unknown>, azuread: typeof import("@pulumi/azuread")) => void;
  } = {},
): Promise<ProgramRun> {
  if (!options.extend)
    return runInProgramProcess(config, { preview: options.preview, secretKeys: options.secretKeys, stack: options.stack });
  const extend = options.extend;
  let run: ProgramRun = { resources: [], outputs: {} };
  await jest.isolateModulesAsync(async () => {
    const pulumi = await import("@pulumi/pulumi");
    const { recordRegistrations } = await import("../../tools/mock-runtime/recording-monitor");
    const { offlineMocks } = await import("../../tools/mock-runtime/offline-mocks");
    const resources = recordRegistrations(offlineMocks, "m365-backup", "dev", options.preview ?? false);
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(config)) flat[k] = typeof v === "string" ? v : JSON.stringify(v);
    pulumi.runtime.setAllConfig(flat, options.secretKeys ?? []);
    const outputs: Record<string, unknown> = {};
    try {
      const program = (await import("../../infra/index")) as Record<string, unknown>;
      extend(program, await import("@pulumi/azuread"));
      for (const [k, v] of Object.entries(program)) {
        outputs[k] = pulumi.Output.isInstance(v)
          ? await new Promise((resolve) => (v as import("@pulumi/pulumi").Output<unknown>).apply(resolve))
          : v;
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      await (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();
      run = { resources, outputs };
    } catch (e) {
      run = { resources, outputs, error: e as Error };
    }
  });
  return run;
}

/** The recorded resources of a type. */
export function ofType(resources: RecordedResource[], type: string): RecordedResource[] {
  return resources.filter((r) => r.type === type);
}

/** Pulumi's marker for a secret value in serialized inputs. */
export const secretSig: string = runtime.specialSigKey;

/** The dev stack config with some top-level keys replaced (undefined removes a key). */
export function withConfig(overrides: Record<string, unknown>): Record<string, unknown> {
  const config = devStackConfig();
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete config[k];
    else config[k] = v;
  }
  return config;
}
