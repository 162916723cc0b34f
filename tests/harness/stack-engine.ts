import * as fs from "fs";
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../../tools/mock-runtime/recording-monitor";
import type { DynamicProviderHost, Props } from "./dynamic-provider-host";
import { runInProgramProcess } from "./program-process";

/** One resource in the stack's state file, keyed by type and name as the engine keys it by URN. */
export interface StateEntry {
  key: string;
  type: string;
  name: string;
  id: string;
  inputs: Props;
  outputs: Props;
  protect: boolean;
}

export interface Step {
  op: "create" | "update" | "replace" | "same" | "delete" | "read";
  key: string;
}

export interface UpResult {
  steps: Step[];
  outputs: Record<string, unknown>;
  resources: RecordedResource[];
  error?: Error;
}

/** Resource types whose provider is driven through the dynamic-provider host; every other type is offline mocks. */
export const drivenTypes = ["pulumi-nodejs:dynamic/m365-backup:BackupTask", "pulumi-nodejs:dynamic/m365-backup:ActivationRollout"];

const keyOf = (type: string, name: string) => `${type}::${name}`;

function renamed(args: pulumi.runtime.MockResourceArgs, rename: Record<string, string>): pulumi.runtime.MockResourceArgs {
  const to = rename[args.name];
  if (!to) return args;
  const owner = args.inputs.owner as { resource?: string } | undefined;
  return { ...args, name: to, inputs: { ...args.inputs, ...(owner ? { owner: { ...owner, resource: to } } : {}) } };
}

/**
 * The Pulumi engine's `up`, `refresh` and `destroy` for a whole stack, as far as this project's
 * resources need it. The real program (infra/index.ts) runs under Pulumi's mock runtime; each
 * registration of a vendor resource is carried out through Pulumi's dynamic-provider host over gRPC in
 * the order the program registers it (dependency order): Check, then Create, or Diff followed by
 * Update or a replacement (create before delete unless the provider asks delete-before-replace;
 * refused for a protected resource). After the program, the resources it no longer declares are
 * deleted, dependents first. Aliases map a new name to the old one, as `aliases` does. State is kept in
 * a JSON file, written after every step like the engine's checkpoint, so a failed step leaves the
 * steps before it recorded.
 */
export class StackEngine {
  private aliases: Record<string, string> = {};
  private steps: Step[] = [];
  private seen = new Set<string>();

  /** The types this engine drives through the host: the vendor's by default, more where a test serves their service. */
  private readonly driven: string[];

  constructor(
    private readonly host: DynamicProviderHost,
    readonly stateFile: string,
    readonly stack: string,
    private readonly options: {
      /** More dynamic types to drive through the host (their services must be on loopback). */
      drive?: string[];
      /** Other types the test answers itself, as the cloud would (a user created in the Graph emulator). */
      answer?: Record<string, (args: pulumi.runtime.MockResourceArgs) => { id: string; state: Props }>;
    } = {},
  ) {
    this.driven = [...drivenTypes, ...(options.drive ?? [])];
  }

  /** The stack outputs of the last successful `up`, as a StackReference to this stack reads them. */
  get stackOutputs(): Record<string, unknown> {
    const file = `${this.stateFile}.outputs.json`;
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>) : {};
  }

  get state(): StateEntry[] {
    return fs.existsSync(this.stateFile) ? (JSON.parse(fs.readFileSync(this.stateFile, "utf8")) as StateEntry[]) : [];
  }

  private save(entries: StateEntry[]): void {
    fs.mkdirSync(path.dirname(this.stateFile), { recursive: true });
    fs.writeFileSync(`${this.stateFile}.tmp`, JSON.stringify(entries, null, 1));
    fs.renameSync(`${this.stateFile}.tmp`, this.stateFile);
  }

  private put(entry: StateEntry, replacing?: string): void {
    const rest = this.state.filter((e) => e.key !== entry.key && e.key !== replacing);
    this.save([...rest, entry]);
  }

  entry(type: string, name: string): StateEntry | undefined {
    return this.state.find((e) => e.key === keyOf(type, name));
  }

  /** The engine's handling of one registration of a driven type. */
  private async register(args: pulumi.runtime.MockResourceArgs, protect: boolean): Promise<{ id: string; state: Props }> {
    const key = keyOf(args.type, args.name);
    const aliasKey = this.aliases[args.name] ? keyOf(args.type, this.aliases[args.name]) : undefined;
    const old = this.state.find((e) => e.key === key) ?? (aliasKey ? this.state.find((e) => e.key === aliasKey) : undefined);
    this.seen.add(key);
    const urn = `urn:pulumi:${this.stack}::m365-backup::${args.type}::${args.name}`;
    const checked = await this.host.check(urn, old?.inputs ?? {}, args.inputs as Props);
    if (checked.failures.length > 0)
      throw new Error(`check of ${args.name} failed: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    const inputs = checked.inputs;
    if (!old) {
      const created = await this.host.create(urn, inputs);
      this.put({ key, type: args.type, name: args.name, id: created.id, inputs, outputs: created.outs, protect });
      this.steps.push({ op: "create", key });
      return { id: created.id, state: created.outs };
    }
    const diff = await this.host.diff(old.id, urn, old.outputs, inputs);
    if (diff.changes === "none") {
      this.put({ ...old, key, name: args.name, inputs, protect }, old.key);
      this.steps.push({ op: "same", key });
      return { id: old.id, state: old.outputs };
    }
    if (diff.replaces.length > 0) {
      if (old.protect) throw new Error(`unable to replace ${old.key}: it is protected (replacing ${diff.replaces.join(", ")})`);
      if (diff.deleteBeforeReplace) await this.host.delete(old.id, urn, old.outputs);
      const created = await this.host.create(urn, inputs);
      if (!diff.deleteBeforeReplace) await this.host.delete(old.id, urn, old.outputs);
      this.put({ key, type: args.type, name: args.name, id: created.id, inputs, outputs: created.outs, protect }, old.key);
      this.steps.push({ op: "replace", key });
      return { id: created.id, state: created.outs };
    }
    const outs = await this.host.update(old.id, urn, old.outputs, inputs);
    this.put({ ...old, key, name: args.name, inputs, outputs: outs, protect }, old.key);
    this.steps.push({ op: "update", key });
    return { id: old.id, state: outs };
  }

  /**
   * `pulumi up` of the program with this stack config. `aliases` maps a resource's new name to its old
   * one. The environment (Graph emulator, M365_BACKUP_TODAY) is the caller's.
   */
  async up(config: Record<string, unknown>, options: { rename?: Record<string, string>; aliases?: boolean } = {}): Promise<UpResult> {
    // A rename is a program change: the resource registers under its new name (and names itself so in
    // the owner it records); with aliases, the new name carries the old one as an alias.
    const rename = options.rename ?? {};
    this.aliases = options.aliases ? Object.fromEntries(Object.entries(rename).map(([from, to]) => [to, from])) : {};
    this.steps = [];
    this.seen = new Set();
    let chain = Promise.resolve();
    // The engine stops at the first failed step: nothing after it reaches a provider. The program still
    // runs to its end here (the mock runtime cannot be killed), on placeholders that touch nothing.
    let failure: Error | undefined;
    const newResource = (
      registered: pulumi.runtime.MockResourceArgs,
    ): Promise<{ id: string; state: Props }> | { id: string; state: Props } => {
      // A StackReference is a read of a stack's last outputs: this stack's own, the others' empty.
      if (registered.type === "pulumi:pulumi:StackReference") {
        const own = registered.inputs.name === `organization/m365-backup/${this.stack}`;
        return {
          id: String(registered.inputs.name),
          state: { name: registered.inputs.name, outputs: own ? this.stackOutputs : {}, secretOutputNames: [] },
        };
      }
      const answer = this.options.answer?.[registered.type];
      if (answer) return answer(registered);
      const args = renamed(registered, rename);
      return new Promise((resolve) => {
        // One step at a time, in registration order, as the engine's step executor does for dependents.
        chain = chain.then(async () => {
          if (failure) return resolve({ id: "", state: args.inputs as Props });
          try {
            resolve(await this.register(args, this.protectOf(args)));
          } catch (e) {
            failure = new Error(`${args.name}: ${(e as Error).message}`);
            resolve({ id: "", state: args.inputs as Props });
          }
        });
      });
    };
    const run = await runInProgramProcess(config, {
      // A real run: discovery reads Microsoft Graph (the caller's emulator), not config.
      graphDiscovery: true,
      stack: this.stack,
      secretKeys: ["m365-backup:vendorClientSecret", "m365-backup:vendorPassword"],
      parentTypes: [...this.driven, ...Object.keys(this.options.answer ?? {}), "pulumi:pulumi:StackReference"],
      newResource,
    });
    await chain;
    const { outputs, resources: recorded } = run;
    let result: UpResult;
    try {
      if (failure) throw failure;
      if (run.error) throw run.error;
      // Deletes of what the program no longer declares, last, dependents (registered later) first.
      for (const gone of this.state
        .filter((e) => this.driven.includes(e.type) && !this.seen.has(e.key) && !Object.values(this.aliases).includes(e.name))
        .reverse()) {
        if (gone.protect) throw new Error(`unable to delete ${gone.key}: it is protected`);
        await this.host.delete(gone.id, `urn:pulumi:${this.stack}::m365-backup::${gone.type}::${gone.name}`, gone.outputs);
        this.save(this.state.filter((e) => e.key !== gone.key));
        this.steps.push({ op: "delete", key: gone.key });
      }
      result = { steps: this.steps, outputs, resources: recorded };
      // The engine records the program's outputs with the update that succeeded.
      fs.writeFileSync(`${this.stateFile}.outputs.json`, JSON.stringify(outputs));
    } catch (e) {
      result = { steps: this.steps, outputs, resources: recorded, error: failure ?? (e as Error) };
    }
    return result;
  }

  /** Protect as the program sets it (the mock hook does not pass options): backup tasks are always protected. */
  private protectOf(args: pulumi.runtime.MockResourceArgs): boolean {
    return args.type.endsWith(":BackupTask");
  }

  /** `pulumi state unprotect <urn>`: the resource in state loses protect (the program sets it again if it still declares it). */
  unprotect(type: string, name: string): void {
    const entry = this.entry(type, name);
    if (!entry) throw new Error(`no ${type} named ${name} in the state`);
    this.put({ ...entry, protect: false });
  }

  /** `pulumi refresh`: Read of every driven resource; one reported gone (empty id) leaves the state. */
  async refresh(): Promise<Step[]> {
    const steps: Step[] = [];
    for (const e of this.state.filter((x) => this.driven.includes(x.type))) {
      const read = await this.host.read(e.id, `urn:pulumi:${this.stack}::m365-backup::${e.type}::${e.name}`, e.outputs, e.inputs);
      if (!read.id) this.save(this.state.filter((x) => x.key !== e.key));
      else this.put({ ...e, id: read.id, outputs: read.props, inputs: read.inputs ?? e.inputs });
      steps.push({ op: "read", key: e.key });
    }
    return steps;
  }

  /** `pulumi destroy` of the driven resources, dependents first; protected ones refuse. */
  async destroy(): Promise<void> {
    for (const e of [...this.state].reverse()) {
      if (!this.driven.includes(e.type)) continue;
      if (e.protect) throw new Error(`unable to delete ${e.key}: it is protected`);
      await this.host.delete(e.id, `urn:pulumi:${this.stack}::m365-backup::${e.type}::${e.name}`, e.outputs);
      this.save(this.state.filter((x) => x.key !== e.key));
    }
  }
}
