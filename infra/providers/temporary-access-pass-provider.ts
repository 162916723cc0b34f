import type * as pulumi from "@pulumi/pulumi";
import { loadProviderRuntime } from "./runtime-loader";

type Runtime = typeof import("../identity/temporary-access-pass-runtime");

/** The serialized TemporaryAccessPass provider: each method loads the run-time module and delegates. */
export const temporaryAccessPassProvider: pulumi.dynamic.ResourceProvider = {
  check(olds, news) {
    return loadProviderRuntime<Runtime>("infra/identity/temporary-access-pass-runtime.ts").check(olds, news);
  },
  diff(id, olds, news) {
    return loadProviderRuntime<Runtime>("infra/identity/temporary-access-pass-runtime.ts").diff(id, olds, news);
  },
  create(inputs) {
    return loadProviderRuntime<Runtime>("infra/identity/temporary-access-pass-runtime.ts").create(inputs);
  },
  read(id, props) {
    return loadProviderRuntime<Runtime>("infra/identity/temporary-access-pass-runtime.ts").read(id, props);
  },
  update(id, olds, news) {
    return loadProviderRuntime<Runtime>("infra/identity/temporary-access-pass-runtime.ts").update(id, olds, news);
  },
  delete(id, props) {
    return loadProviderRuntime<Runtime>("infra/identity/temporary-access-pass-runtime.ts").remove(id, props);
  },
};
