import { ChildProcess, fork } from "child_process";
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../../tools/mock-runtime/recording-monitor";
import type { ChildMessage, ChildRequest, MockAnswer } from "./program-child";

export interface ProgramProcessRun {
  resources: RecordedResource[];
  outputs: Record<string, unknown>;
  secretOutputs: string[];
  error?: Error;
}

let child: ChildProcess | undefined;
let queue: Promise<unknown> = Promise.resolve();

function programProcess(): ChildProcess {
  if (child && child.connected) return child;
  const tsNode = require.resolve("ts-node/register/transpile-only");
  child = fork(path.join(__dirname, "program-child.ts"), [], {
    execArgv: ["-r", tsNode],
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return child;
}

// One program process per test file: it ends with the file.
afterAll(() => {
  child?.kill();
  child = undefined;
});

export interface ProgramProcessOptions {
  stack?: string;
  preview?: boolean;
  secretKeys?: string[];
  /** Discovery through Microsoft Graph (the environment's emulator) instead of config, as a real run. */
  graphDiscovery?: boolean;
  /** Resource types `newResource` answers; the program process simulates every other one offline. */
  parentTypes?: string[];
  newResource?: (
    args: pulumi.runtime.MockResourceArgs,
  ) => Promise<{ id: string; state: Record<string, unknown> }> | { id: string; state: Record<string, unknown> };
}

/**
 * infra/index.ts evaluated once under Pulumi's mock runtime in the test file's program process: the
 * registrations of `parentTypes` are answered by `newResource` here, everything else by the offline
 * simulations there. Runs one at a time: the runtime is global in that process, as in a `pulumi up`.
 */
export function runInProgramProcess(config: Record<string, unknown>, options: ProgramProcessOptions = {}): Promise<ProgramProcessRun> {
  const turn = queue.then(() => runOnce(config, options));
  queue = turn.catch(() => undefined);
  return turn;
}

function runOnce(config: Record<string, unknown>, options: ProgramProcessOptions): Promise<ProgramProcessRun> {
  const proc = programProcess();
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the program process ended (exit ${code}) before the run finished`));
    const onMessage = (m: ChildMessage) => {
      if (m.kind === "done") {
        proc.off("message", onMessage);
        proc.off("exit", onExit);
        // The error's name, message and stack as the program raised them (its class stays in the program process).
        const error = m.error ? Object.assign(new Error(m.error.message), { name: m.error.name, stack: m.error.stack }) : undefined;
        resolve({ resources: m.resources, outputs: m.outputs, secretOutputs: m.secretOutputs, ...(error ? { error } : {}) });
        return;
      }
      const answer = async (): Promise<MockAnswer> => {
        try {
          if (!options.newResource) throw new Error("no newResource answers in this run");
          const value = await options.newResource(m.args as pulumi.runtime.MockResourceArgs);
          return { kind: "answer", id: m.id, value };
        } catch (e) {
          return { kind: "answer", id: m.id, error: (e as Error).message };
        }
      };
      void answer().then((a) => proc.connected && proc.send(a));
    };
    proc.on("message", onMessage);
    proc.once("exit", onExit);
    const request: ChildRequest = {
      kind: "run",
      config,
      secretKeys: options.secretKeys ?? [],
      stack: options.stack ?? "dev",
      preview: options.preview ?? false,
      env: { ...process.env },
      parentTypes: options.parentTypes ?? [],
      graphDiscovery: options.graphDiscovery ?? false,
    };
    proc.send(request);
  });
}
