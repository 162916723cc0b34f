import * as pulumi from "@pulumi/pulumi";
import { roleAssignmentScheduleProvider } from "../infra/providers/role-assignment-schedule-provider";

export interface DirectoryRoleAssignmentScheduleArgs {
  /** Built-in role template id (the role definition id at tenant scope). */
  readonly roleId: pulumi.Input<string>;
  /** Object id of the user who holds the role. */
  readonly principalObjectId: pulumi.Input<string>;
  /** Hours the assignment lasts from its creation (1-168). */
  readonly durationHours: pulumi.Input<number>;
  /** Why, recorded in Entra's audit log with the request. */
  readonly justification: pulumi.Input<string>;
  /** Bump to grant again after the assignment ended (a new assignment, a new end). */
  readonly grant: pulumi.Input<number>;
}

/**
 * A directory role with an end: PIM's time-bound active assignment through Graph
 * (roleAssignmentScheduleRequests, adminAssign with afterDuration). Type token
 * `pulumi-nodejs:dynamic/m365-backup:DirectoryRoleAssignmentSchedule`.
 */
export class DirectoryRoleAssignmentSchedule extends pulumi.dynamic.Resource {
  /** When the role ends (RFC 3339); after it, the assignment is gone in Entra and `state` reads ended on refresh. */
  declare public readonly endDateTime: pulumi.Output<string>;
  /** active, ended (its time ran out) or removed (someone removed it early), as the last refresh saw it. */
  declare public readonly state: pulumi.Output<string>;

  constructor(name: string, args: DirectoryRoleAssignmentScheduleArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      roleAssignmentScheduleProvider,
      name,
      { startDateTime: undefined, endDateTime: undefined, state: undefined, ...args },
      opts,
      "m365-backup",
      "DirectoryRoleAssignmentSchedule",
    );
  }
}
