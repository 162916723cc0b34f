import type { Client } from "@microsoft/microsoft-graph-client";
import { z } from "zod";
import { graphRequest, GraphRequestError } from "../graph/graph-request";

/**
 * Time-bound directory role assignments through Privileged Identity Management's Graph API
 * (https://learn.microsoft.com/graph/api/rbacapplication-post-roleassignmentschedulerequests):
 * `adminAssign` with an `afterDuration` expiration, `adminRemove`, and the active instances
 * (https://learn.microsoft.com/graph/api/rbacapplication-list-roleassignmentscheduleinstances).
 * Needs RoleAssignmentSchedule.ReadWrite.Directory and Microsoft Entra ID P2 or ID Governance.
 */
const permissionFix =
  "grant the identity that runs pulumi RoleAssignmentSchedule.ReadWrite.Directory (or the Privileged Role Administrator role); time-bound assignments need Microsoft Entra ID P2 or ID Governance in the tenant.";

const scheduleRequest = z.object({ id: z.string().min(1), status: z.string() }).passthrough();
const instance = z
  .object({
    id: z.string().min(1),
    principalId: z.string(),
    roleDefinitionId: z.string(),
    startDateTime: z.string().nullable().optional(),
    endDateTime: z.string().nullable().optional(),
    assignmentType: z.string().nullable().optional(),
  })
  .passthrough();
export type RoleAssignmentInstance = z.infer<typeof instance>;
const instances = z.object({ value: z.array(instance) });

export interface AssignRequest {
  principalId: string;
  roleDefinitionId: string;
  hours: number;
  justification: string;
  start: Date;
}

export class GraphRoleScheduleClient {
  constructor(private readonly graph: Client) {}

  async assign(r: AssignRequest): Promise<{ requestId: string; status: string }> {
    const answer = await graphRequest(
      "POST /roleManagement/directory/roleAssignmentScheduleRequests (adminAssign)",
      () =>
        this.graph.api("/roleManagement/directory/roleAssignmentScheduleRequests").post({
          action: "adminAssign",
          principalId: r.principalId,
          roleDefinitionId: r.roleDefinitionId,
          directoryScopeId: "/",
          justification: r.justification,
          scheduleInfo: { startDateTime: r.start.toISOString(), expiration: { type: "afterDuration", duration: `PT${r.hours}H` } },
        }),
      scheduleRequest,
      { permissionFix },
    );
    return { requestId: answer!.id, status: answer!.status };
  }

  /** Removes the assignment; one already gone (expired, removed by hand) is success. */
  async remove(principalId: string, roleDefinitionId: string, justification: string): Promise<void> {
    try {
      await graphRequest(
        "POST /roleManagement/directory/roleAssignmentScheduleRequests (adminRemove)",
        () =>
          this.graph
            .api("/roleManagement/directory/roleAssignmentScheduleRequests")
            .post({ action: "adminRemove", principalId, roleDefinitionId, directoryScopeId: "/", justification }),
        scheduleRequest,
        { permissionFix },
      );
    } catch (e) {
      // Graph has answered RoleAssignmentDoesNotExist to removals it carried out: believe the instances, not the code.
      if (e instanceof GraphRequestError && e.status === 400 && /RoleAssignmentDoesNotExist/i.test(e.message)) {
        if ((await this.active(principalId, roleDefinitionId)).length === 0) return;
      }
      throw e;
    }
  }

  /** The principal's active assignments of the role (direct ones, at tenant scope). */
  async active(principalId: string, roleDefinitionId: string): Promise<RoleAssignmentInstance[]> {
    const filter = `principalId eq '${principalId}' and roleDefinitionId eq '${roleDefinitionId}'`;
    const answer = await graphRequest(
      "GET /roleManagement/directory/roleAssignmentScheduleInstances",
      () => this.graph.api("/roleManagement/directory/roleAssignmentScheduleInstances").filter(filter).get(),
      instances,
      { permissionFix },
    );
    return answer!.value.filter((i) => i.principalId === principalId && i.roleDefinitionId === roleDefinitionId);
  }
}
