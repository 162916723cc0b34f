import { DiffResult, DynamicProviderHost, Props } from "./dynamic-provider-host";

/** One resource's state as the engine keeps it between operations. */
export interface ResourceState {
  id: string;
  inputs: Props;
  outputs: Props;
}

/**
 * The engine's step sequence for one dynamic resource: `up` runs Check, then Create, or Diff followed
 * by Update or a create-then-delete replacement; `refresh` runs Read; `destroy` runs Delete.
 * The `__provider` text travels in the inputs exactly as it would from the program.
 */
export class EngineLifecycle {
  state: ResourceState | undefined;
  lastDiff: DiffResult | undefined;

  constructor(
    private readonly host: DynamicProviderHost,
    readonly urn: string,
  ) {}

  async up(news: Props): Promise<{ op: "create" | "update" | "replace" | "same"; state: ResourceState }> {
    const checked = await this.host.check(this.urn, this.state?.inputs ?? {}, news);
    if (checked.failures.length > 0) {
      throw new Error(`check failed: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    }
    const inputs = checked.inputs;
    if (!this.state) {
      const created = await this.host.create(this.urn, inputs);
      this.state = { id: created.id, inputs, outputs: created.outs };
      return { op: "create", state: this.state };
    }
    const diff = await this.host.diff(this.state.id, this.urn, this.state.outputs, inputs);
    this.lastDiff = diff;
    if (diff.changes === "none") return { op: "same", state: this.state };
    if (diff.replaces.length > 0) {
      const old = this.state;
      if (diff.deleteBeforeReplace) await this.host.delete(old.id, this.urn, old.outputs);
      const created = await this.host.create(this.urn, inputs);
      if (!diff.deleteBeforeReplace) await this.host.delete(old.id, this.urn, old.outputs);
      this.state = { id: created.id, inputs, outputs: created.outs };
      return { op: "replace", state: this.state };
    }
    const outs = await this.host.update(this.state.id, this.urn, this.state.outputs, inputs);
    this.state = { id: this.state.id, inputs, outputs: outs };
    return { op: "update", state: this.state };
  }

  async refresh(): Promise<ResourceState | undefined> {
    if (!this.state) throw new Error("refresh before create");
    const read = await this.host.read(this.state.id, this.urn, this.state.outputs, this.state.inputs);
    if (!read.id) {
      this.state = undefined;
      return undefined;
    }
    this.state = { id: read.id, inputs: read.inputs ?? this.state.inputs, outputs: read.props };
    return this.state;
  }

  async destroy(): Promise<void> {
    if (!this.state) throw new Error("destroy before create");
    await this.host.delete(this.state.id, this.urn, this.state.outputs);
    this.state = undefined;
  }
}
