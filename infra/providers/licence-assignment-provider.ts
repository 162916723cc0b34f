import type * as pulumi from "@pulumi/pulumi";
import { loadProviderRuntime } from "./runtime-loader";

/** Stored in every stack's state with the provider text: listed in state-stored-runtime-paths.txt, never removed. */
const runtimePath = "infra/licensing/licence-assignment-runtime.ts";

type Runtime = typeof import("../licensing/licence-assignment-runtime");

/**
 * The LicenceAssignment provider as it is serialized into state: each method loads the current runtime
 * module and forwards to it. It captures no client, schema, config or secret.
 */
export const licenceAssignmentProvider: pulumi.dynamic.ResourceProvider = {
  async check(olds, news) {
    return loadProviderRuntime<Runtime>(runtimePath).check(olds, news);
  },
  async diff(id, olds, news) {
    return loadProviderRuntime<Runtime>(runtimePath).diff(id, olds, news);
  },
  async create(inputs) {
    return loadProviderRuntime<Runtime>(runtimePath).create(inputs);
  },
  async read(id, props) {
    return loadProviderRuntime<Runtime>(runtimePath).read(id, props);
  },
  async update(id, olds, news) {
    return loadProviderRuntime<Runtime>(runtimePath).update(id, olds, news);
  },
  async delete(id, props) {
    return loadProviderRuntime<Runtime>(runtimePath).remove(id, props);
  },
};
