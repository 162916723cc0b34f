import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { offlineEnvironmentVariable } from "../../infra/discovery/offline-switch";
import { offlineMocks } from "../../tools/mock-runtime/offline-mocks";
import { RecordedResource, recordRegistrations } from "../../tools/mock-runtime/recording-monitor";

/**
 * The program's own process for tests: runs infra/index.ts under Pulumi's mock runtime once per
 * request, with the Pulumi SDK and the provider SDKs loaded once. The mocks are the parent's: each
 * registration and call goes to the parent over IPC and waits for its answer, so a test drives
 * resources exactly as before. (Re-loading the SDKs per run inside jest leaks every copy: jest's
 * module wrappers are never freed on Node 20, about 20 MB a run.)
 */

export type ChildRequest = {
  kind: "run";
  config: Record<string, unknown>;
  secretKeys: string[];
  stack: string;
  preview: boolean;
  env: Record<string, string | undefined>;
  /** Resource types the parent's mocks answer; every other registration and call gets the offline simulations here. */
  parentTypes: string[];
  /** A real run: discovery reads Microsoft Graph (the caller's emulator), not config. */
  graphDiscovery: boolean;
};
export type MockAnswer = { kind: "answer"; id: number; value?: unknown; error?: string };
export type ChildMessage =
  | { kind: "newResource"; id: number; args: unknown }
  | {
      kind: "done";
      resources: RecordedResource[];
      outputs: Record<string, unknown>;
      secretOutputs: string[];
      error?: { name: string; message: string; stack?: string };
    };

const projectRoot = path.resolve(__dirname, "..", "..");
const programSources = [path.join(projectRoot, "infra") + path.sep, path.join(projectRoot, "components") + path.sep];

let nextId = 0;
const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
const send = (m: ChildMessage) => process.send!(m);
const ask = (kind: "newResource", args: unknown) =>
  new Promise<unknown>((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject });
    send({ kind, id, args });
  });

/** The parent answers its types; the offline simulations answer the rest (their answers hold Outputs, which stay in this process). */
const mocksFor = (parentTypes: readonly string[]): pulumi.runtime.Mocks => ({
  newResource: (args) =>
    parentTypes.includes(args.type)
      ? (ask("newResource", args) as Promise<{ id: string; state: Record<string, unknown> }>)
      : offlineMocks.newResource(args),
  call: (args) => offlineMocks.call(args),
});

async function run(request: ChildRequest): Promise<void> {
  for (const k of Object.keys(process.env)) if (!(k in request.env)) delete process.env[k];
  for (const [k, v] of Object.entries(request.env)) if (v !== undefined) process.env[k] = v;
  // The program's modules run afresh for each request; the SDKs and the simulations stay loaded.
  for (const id of Object.keys(require.cache)) if (programSources.some((dir) => id.startsWith(dir))) delete require.cache[id];
  const resources = recordRegistrations(mocksFor(request.parentTypes), "m365-backup", request.stack, request.preview);
  if (request.graphDiscovery) delete process.env[offlineEnvironmentVariable];
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.config)) flat[k] = typeof v === "string" ? v : JSON.stringify(v);
  pulumi.runtime.setAllConfig(flat, request.secretKeys);
  const outputs: Record<string, unknown> = {};
  const secretOutputs: string[] = [];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require(path.join(projectRoot, "infra", "index")) as Record<string, unknown>;
    for (const [k, v] of Object.entries(program)) {
      if (!pulumi.Output.isInstance(v)) {
        outputs[k] = v;
        continue;
      }
      // The output's own promise: it rejects when a resource it depends on failed, as the engine reports it.
      outputs[k] = await new Promise((resolve) => (v as pulumi.Output<unknown>).apply(resolve));
      if (await (v as unknown as { isSecret: Promise<boolean> }).isSecret) secretOutputs.push(k);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    await (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();
    send({ kind: "done", resources, outputs, secretOutputs });
  } catch (e) {
    send({
      kind: "done",
      resources,
      outputs,
      secretOutputs,
      error: { name: (e as Error).name, message: (e as Error).message, stack: (e as Error).stack },
    });
  }
}

process.on("message", (m: ChildRequest | MockAnswer) => {
  if (m.kind === "answer") {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error !== undefined) w?.reject(new Error(m.error));
    else w?.resolve(m.value);
  } else void run(m);
});
// The test file (its worker) went away: so does this process.
process.on("disconnect", () => process.exit(0));
