import type * as pulumi from "@pulumi/pulumi";
import { loadProviderRuntime } from "./runtime-loader";

/** What a dynamic resource's runtime module exports: the provider's methods, with `remove` for delete. */
export interface ProviderRuntime {
  check(olds: never, news: never): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: never, news: never): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: never): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props: never): Promise<pulumi.dynamic.ReadResult>;
  update(id: string, olds: never, news: never): Promise<pulumi.dynamic.UpdateResult>;
  remove(id: string, props: never): Promise<void>;
}

/** A runtime that reads the stack's config (the vendor connection) when the provider is configured. */
export interface ConfiguredProviderRuntime extends ProviderRuntime {
  configure(read: (key: string) => string | undefined): void;
}

type Loose = Record<string, (...args: unknown[]) => unknown>;

/** A provider typed by the runtime it forwards to (a type only: nothing of the runtime is captured). */
export type RuntimeProvider<R> = pulumi.dynamic.ResourceProvider & { readonly runtime?: R };

/**
 * A dynamic resource's provider as it is serialized into state: each method loads the current runtime
 * module at `runtimePath` (a state-stored path, infra/providers/state-stored-runtime-paths.txt) and
 * forwards to it, so it captures nothing but the path. The policy pack trusts exactly this shape
 * (policies/trusted-dynamic-providers.ts). The type parameter ties each shim to its runtime's exports.
 */
export function runtimeProvider<R extends ProviderRuntime>(runtimePath: string): RuntimeProvider<R> {
  return {
    async check(olds, news) {
      return loadProviderRuntime<Loose>(runtimePath).check(olds, news) as Promise<pulumi.dynamic.CheckResult>;
    },
    async diff(id, olds, news) {
      return loadProviderRuntime<Loose>(runtimePath).diff(id, olds, news) as Promise<pulumi.dynamic.DiffResult>;
    },
    async create(inputs) {
      return loadProviderRuntime<Loose>(runtimePath).create(inputs) as Promise<pulumi.dynamic.CreateResult>;
    },
    async read(id, props) {
      return loadProviderRuntime<Loose>(runtimePath).read(id, props) as Promise<pulumi.dynamic.ReadResult>;
    },
    async update(id, olds, news) {
      return loadProviderRuntime<Loose>(runtimePath).update(id, olds, news) as Promise<pulumi.dynamic.UpdateResult>;
    },
    async delete(id, props) {
      return loadProviderRuntime<Loose>(runtimePath).remove(id, props) as Promise<void>;
    },
  };
}

/** The same, for a runtime that reads the stack's config when the provider is configured. */
export function configuredRuntimeProvider<R extends ConfiguredProviderRuntime>(runtimePath: string): RuntimeProvider<R> {
  return {
    async configure(req) {
      loadProviderRuntime<Loose>(runtimePath).configure((key: string) => req.config.get(key));
    },
    ...runtimeProvider<R>(runtimePath),
  };
}
