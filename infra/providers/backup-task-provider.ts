import type * as pulumi from "@pulumi/pulumi";
import { loadProviderRuntime } from "./runtime-loader";

type Runtime = typeof import("../backup-tasks/backup-task-runtime");

/**
 * The BackupTask provider as it is serialized into state: each method loads the current runtime
 * module and forwards to it. It captures no client, schema, config or secret.
 */
export const backupTaskProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    loadProviderRuntime<Runtime>("infra/backup-tasks/backup-task-runtime.ts").configure((key) => req.config.get(key));
  },
  async check(olds, news) {
    return loadProviderRuntime<Runtime>("infra/backup-tasks/backup-task-runtime.ts").check(olds, news);
  },
  async diff(id, olds, news) {
    return loadProviderRuntime<Runtime>("infra/backup-tasks/backup-task-runtime.ts").diff(id, olds, news);
  },
  async create(inputs) {
    return loadProviderRuntime<Runtime>("infra/backup-tasks/backup-task-runtime.ts").create(inputs);
  },
  async read(id, props) {
    return loadProviderRuntime<Runtime>("infra/backup-tasks/backup-task-runtime.ts").read(id, props);
  },
  async update(id, olds, news) {
    return loadProviderRuntime<Runtime>("infra/backup-tasks/backup-task-runtime.ts").update(id, olds, news);
  },
  async delete(id, props) {
    return loadProviderRuntime<Runtime>("infra/backup-tasks/backup-task-runtime.ts").remove(id, props);
  },
};
