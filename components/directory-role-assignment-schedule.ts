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
  /** pim, deadline (a plain assignment removed at its end, for tenants without PIM) or auto (pim where the tenant has it). */
  readonly method?: pulumi.Input<"auto" | "pim" | "deadline">;
}

/**
 * A directory role with an end: PIM's time-bound active assignment through Graph
 * (roleAssignmentScheduleRequests, adminAssign with afterDuration) where the tenant has PIM; otherwise
 * a plain assignment (roleAssignments) that the resource removes on the first update after its end.
 * Type token `pulumi-nodejs:dynamic/m365-backup:DirectoryRoleAssignmentSchedule`.
 */
export class DirectoryRoleAssignmentSchedule extends pulumi.dynamic.Resource {
  /** When the role ends (RFC 3339); after it, the assignment is gone in Entra and `state` reads ended on refresh. */
  declare public readonly endDateTime: pulumi.Output<string>;
  /** active, ended (its time ran out), removed (someone removed it early), permanent or overdue, as the last refresh saw it. */
  declare public readonly state: pulumi.Output<string>;
  /** pim or deadline: how Entra holds it. */
  declare public readonly heldThrough: pulumi.Output<string>;

  constructor(name: string, args: DirectoryRoleAssignmentScheduleArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      roleAssignmentScheduleProvider,
      name,
      { startDateTime: undefined, endDateTime: undefined, state: undefined, heldThrough: undefined, method: "auto", ...args },
      opts,
      "m365-backup",
      "DirectoryRoleAssignmentSchedule",
    );
  }
}
