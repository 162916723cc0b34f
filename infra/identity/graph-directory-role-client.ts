import type { Client } from "@microsoft/microsoft-graph-client";
import { z } from "zod";
import { graphRequest } from "../graph/graph-request";

/**
 * Directory role assignments without PIM (unifiedRoleAssignment: `POST`, `GET` with `$filter`,
 * `DELETE /roleManagement/directory/roleAssignments`), for tenants without Microsoft Entra ID P2 or ID
 * Governance. Such an assignment has no end in Entra: the module records its deadline and removes it
 * (DirectoryRoleAssignmentSchedule, method deadline). Least privileged permission
 * RoleManagement.ReadWrite.Directory (docs/facts.md).
 */
const permissionFix =
  "grant the identity that runs pulumi RoleManagement.ReadWrite.Directory (or the Privileged Role Administrator role), which a tenant without PIM needs to give and remove the bootstrap Global Administrator.";

const assignment = z.object({ id: z.string().min(1), principalId: z.string(), roleDefinitionId: z.string() }).passthrough();
export type DirectoryRoleAssignmentRecord = z.infer<typeof assignment>;

export class GraphDirectoryRoleClient {
  constructor(private readonly graph: Client) {}

  async assign(principalId: string, roleDefinitionId: string): Promise<DirectoryRoleAssignmentRecord> {
    const answer = await graphRequest(
      "POST /roleManagement/directory/roleAssignments",
      () => this.graph.api("/roleManagement/directory/roleAssignments").post({ principalId, roleDefinitionId, directoryScopeId: "/" }),
      assignment,
      { permissionFix },
    );
    return answer!;
  }

  /** The principal's direct assignments of the role at tenant scope. */
  async held(principalId: string, roleDefinitionId: string): Promise<DirectoryRoleAssignmentRecord[]> {
    const answer = await graphRequest(
      "GET /roleManagement/directory/roleAssignments",
      () =>
        this.graph
          .api("/roleManagement/directory/roleAssignments")
          .filter(`principalId eq '${principalId}' and roleDefinitionId eq '${roleDefinitionId}'`)
          .get(),
      z.object({ value: z.array(assignment) }),
      { permissionFix },
    );
    return answer!.value.filter((a) => a.principalId === principalId && a.roleDefinitionId === roleDefinitionId);
  }

  /** Removes the assignment; one already gone is success. */
  async remove(id: string): Promise<void> {
    await graphRequest(
      "DELETE /roleManagement/directory/roleAssignments/{id}",
      () => this.graph.api(`/roleManagement/directory/roleAssignments/${encodeURIComponent(id)}`).delete(),
      z.unknown(),
      { permissionFix, allow404: true },
    );
  }
}
