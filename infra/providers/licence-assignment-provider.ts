import type * as pulumi from "@pulumi/pulumi";
import { loadProviderRuntime } from "./runtime-loader";

type Runtime = typeof import("../licensing/licence-assignment-runtime");

/**
 * The serialized LicenceAssignment provider: each method loads the run-time module and delegates, so
 * state holds no client, schema or credential, and refresh and destroy run the current licensing code.
 */
export const licenceAssignmentProvider: pulumi.dynamic.ResourceProvider = {
  check(olds, news) {
    return loadProviderRuntime<Runtime>("infra/licensing/licence-assignment-runtime.ts").check(olds, news);
  },
  diff(id, olds, news) {
    return loadProviderRuntime<Runtime>("infra/licensing/licence-assignment-runtime.ts").diff(id, olds, news);
  },
  create(inputs) {
    return loadProviderRuntime<Runtime>("infra/licensing/licence-assignment-runtime.ts").create(inputs);
  },
  read(id, props) {
    return loadProviderRuntime<Runtime>("infra/licensing/licence-assignment-runtime.ts").read(id, props);
  },
  update(id, olds, news) {
    return loadProviderRuntime<Runtime>("infra/licensing/licence-assignment-runtime.ts").update(id, olds, news);
  },
  delete(id, props) {
    return loadProviderRuntime<Runtime>("infra/licensing/licence-assignment-runtime.ts").remove(id, props);
  },
};
