import type * as pulumi from "@pulumi/pulumi";
import { evaluateProgram } from "../../tools/mock-runtime/evaluate-program";
import { offlineMocks } from "../../tools/mock-runtime/offline-mocks";
import type { RecordedResource } from "../../tools/mock-runtime/recording-monitor";

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
  const { error, ...run } = await evaluateProgram({
    project: "m365-backup",
    stack: request.stack,
    config: request.config,
    secretKeys: request.secretKeys,
    mocks: mocksFor(request.parentTypes),
    preview: request.preview,
    graphDiscovery: request.graphDiscovery,
  });
  send({ kind: "done", ...run, ...(error ? { error: { name: error.name, message: error.message, stack: error.stack } } : {}) });
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
