import type * as pulumi from "@pulumi/pulumi";
import { loadProviderRuntime } from "./runtime-loader";

/** Stored in every stack's state with the provider text: listed in state-stored-runtime-paths.txt, never removed. */
const runtimePath = "infra/identity/backup-account-password-runtime.ts";

type Runtime = typeof import("../identity/backup-account-password-runtime");

/** The serialized BackupAccountPassword provider: each method loads the run-time module and delegates. */
export const backupAccountPasswordProvider: pulumi.dynamic.ResourceProvider = {
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
  async delete() {
    return loadProviderRuntime<Runtime>(runtimePath).remove();
  },
};
