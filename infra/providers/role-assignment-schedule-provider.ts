import type * as pulumi from "@pulumi/pulumi";
import { loadProviderRuntime } from "./runtime-loader";

/** Stored in every stack's state with the provider text: listed in state-stored-runtime-paths.txt, never removed. */
const runtimePath = "infra/identity/role-assignment-schedule-runtime.ts";

type Runtime = typeof import("../identity/role-assignment-schedule-runtime");

/** The serialized DirectoryRoleAssignmentSchedule provider: each method loads the run-time module and delegates. */
export const roleAssignmentScheduleProvider: pulumi.dynamic.ResourceProvider = {
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
