import type * as pulumi from "@pulumi/pulumi";
import { loadProviderRuntime } from "./runtime-loader";

type Runtime = typeof import("../identity/role-assignment-schedule-runtime");

/** The serialized DirectoryRoleAssignmentSchedule provider: each method loads the run-time module and delegates. */
export const roleAssignmentScheduleProvider: pulumi.dynamic.ResourceProvider = {
  check(olds, news) {
    return loadProviderRuntime<Runtime>("infra/identity/role-assignment-schedule-runtime.ts").check(olds, news);
  },
  diff(id, olds, news) {
    return loadProviderRuntime<Runtime>("infra/identity/role-assignment-schedule-runtime.ts").diff(id, olds, news);
  },
  create(inputs) {
    return loadProviderRuntime<Runtime>("infra/identity/role-assignment-schedule-runtime.ts").create(inputs);
  },
  read(id, props) {
    return loadProviderRuntime<Runtime>("infra/identity/role-assignment-schedule-runtime.ts").read(id, props);
  },
  update(id, olds, news) {
    return loadProviderRuntime<Runtime>("infra/identity/role-assignment-schedule-runtime.ts").update(id, olds, news);
  },
  delete(id, props) {
    return loadProviderRuntime<Runtime>("infra/identity/role-assignment-schedule-runtime.ts").remove(id, props);
  },
};
