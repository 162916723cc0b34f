import type * as pulumi from "@pulumi/pulumi";
import { loadProviderRuntime } from "./runtime-loader";

type Runtime = typeof import("../rollout/activation-rollout-runtime");

/**
 * The ActivationRollout provider as it is serialized into state: each method loads the current runtime
 * module and forwards to it. It captures no client, schema, config or secret.
 */
export const activationRolloutProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    loadProviderRuntime<Runtime>("infra/rollout/activation-rollout-runtime.ts").configure((key) => req.config.get(key));
  },
  async check(olds, news) {
    return loadProviderRuntime<Runtime>("infra/rollout/activation-rollout-runtime.ts").check(olds, news);
  },
  async diff(id, olds, news) {
    return loadProviderRuntime<Runtime>("infra/rollout/activation-rollout-runtime.ts").diff(id, olds, news);
  },
  async create(inputs) {
    return loadProviderRuntime<Runtime>("infra/rollout/activation-rollout-runtime.ts").create(inputs);
  },
  async read(id, props) {
    return loadProviderRuntime<Runtime>("infra/rollout/activation-rollout-runtime.ts").read(id, props);
  },
  async update(id, olds, news) {
    return loadProviderRuntime<Runtime>("infra/rollout/activation-rollout-runtime.ts").update(id, olds, news);
  },
  async delete() {
    return loadProviderRuntime<Runtime>("infra/rollout/activation-rollout-runtime.ts").remove();
  },
};
