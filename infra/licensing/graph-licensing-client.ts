import type { Client } from "@microsoft/microsoft-graph-client";
import { z } from "zod";
import { graphRequest, GraphRequestError } from "../graph/graph-request";

/** One SKU the tenant subscribes to (GET /subscribedSkus). */
export const subscribedSkuSchema = z.object({
  skuId: z.string().uuid(),
  skuPartNumber: z.string().min(1),
  consumedUnits: z.number().int().nonnegative(),
  prepaidUnits: z.object({ enabled: z.number().int().nonnegative() }).passthrough(),
  capabilityStatus: z.string().optional(),
});
export type SubscribedSku = z.infer<typeof subscribedSkuSchema>;

const assignedLicense = z.object({ skuId: z.string().uuid(), disabledPlans: z.array(z.string()).default([]) });

export const licensedUserSchema = z.object({
  id: z.string().min(1),
  userPrincipalName: z.string().min(1),
  usageLocation: z.string().nullable().optional(),
  assignedLicenses: z.array(assignedLicense),
});
export type LicensedUser = z.infer<typeof licensedUserSchema>;

export const licensedGroupSchema = z.object({
  id: z.string().min(1),
  displayName: z.string().nullable().optional(),
  assignedLicenses: z.array(assignedLicense),
  /** A role-assignable group can hold directory roles (https://learn.microsoft.com/entra/identity/role-based-access-control/groups-concept). */
  isAssignableToRole: z.boolean().nullable().optional(),
});
export type LicensedGroup = z.infer<typeof licensedGroupSchema>;

const page = <T extends z.ZodType>(item: T) => z.object({ value: z.array(item), "@odata.nextLink": z.string().url().optional() });

const permissionFix =
  "grant the identity that runs pulumi the Graph permissions User.ReadWrite.All, Organization.Read.All and GroupMember.ReadWrite.All (or the License Administrator role).";

/** Licensing calls the licence assignment needs, over a Graph client whose middleware retries throttled calls. */
export class GraphLicensingClient {
  constructor(private readonly graph: Client) {}

  private call<T>(operation: string, run: () => Promise<unknown>, schema: z.ZodType<T>, allow404 = false): Promise<T | undefined> {
    return graphRequest(operation, run, schema, { permissionFix, allow404 });
  }

  async subscribedSkus(): Promise<SubscribedSku[]> {
    const res = await this.call(
      "GET /subscribedSkus",
      () => this.graph.api("/subscribedSkus").select("skuId,skuPartNumber,consumedUnits,prepaidUnits,capabilityStatus").get(),
      page(subscribedSkuSchema),
    );
    return res!.value;
  }

  /** The user's directly visible licences, or undefined when the user no longer exists. */
  async user(userId: string): Promise<LicensedUser | undefined> {
    return this.call(
      `GET /users/${userId}`,
      () =>
        this.graph
          .api(`/users/${encodeURIComponent(userId)}`)
          .select("id,userPrincipalName,usageLocation,assignedLicenses")
          .get(),
      licensedUserSchema,
      true,
    );
  }

  async assignLicense(userId: string, addSkuIds: string[], removeSkuIds: string[]): Promise<void> {
    await this.call(
      `POST /users/${userId}/assignLicense`,
      () =>
        this.graph.api(`/users/${encodeURIComponent(userId)}/assignLicense`).post({
          addLicenses: addSkuIds.map((skuId) => ({ skuId, disabledPlans: [] })),
          removeLicenses: removeSkuIds,
        }),
      z.unknown(),
    );
  }

  async group(groupId: string): Promise<LicensedGroup | undefined> {
    return this.call(
      `GET /groups/${groupId}`,
      () =>
        this.graph
          .api(`/groups/${encodeURIComponent(groupId)}`)
          .select("id,displayName,assignedLicenses,isAssignableToRole")
          .get(),
      licensedGroupSchema,
      true,
    );
  }

  /** The directory roles assigned to a principal (roleAssignments filtered by principalId; RoleManagement.Read.Directory). */
  async roleAssignmentsOf(principalId: string): Promise<{ roleDefinitionId: string }[]> {
    const answer = await graphRequest(
      `GET /roleManagement/directory/roleAssignments?$filter=principalId eq '${principalId}'`,
      () =>
        this.graph
          .api("/roleManagement/directory/roleAssignments")
          .filter(`principalId eq '${principalId}'`)
          .select("id,roleDefinitionId,principalId")
          .get(),
      z.object({ value: z.array(z.object({ roleDefinitionId: z.string() }).passthrough()) }),
      {
        permissionFix:
          "grant the identity that runs pulumi RoleManagement.Read.Directory, to check that the licensing group holds no role.",
      },
    );
    return answer!.value;
  }

  /** Direct membership only: group-based licensing does not flow through nested groups. */
  async isDirectMember(groupId: string, userId: string): Promise<boolean> {
    let url: string | undefined = `/users/${encodeURIComponent(userId)}/memberOf?$select=id&$top=999`;
    while (url) {
      const current: string = url;
      const res = await this.call(
        `GET /users/${userId}/memberOf`,
        () => this.graph.api(current).get(),
        page(z.object({ id: z.string() }).passthrough()),
        true,
      );
      if (!res) return false;
      if (res.value.some((g) => g.id.toLowerCase() === groupId.toLowerCase())) return true;
      // nextLink is absolute; the client is bound to one Graph origin, so follow it as a path.
      url = res["@odata.nextLink"]?.replace(/^https?:\/\/[^/]+\/v1\.0/, "");
    }
    return false;
  }

  /** Adds the user to the group; an existing membership is success (a retried create adopts it). */
  async addMember(groupId: string, userId: string, graphOrigin: string): Promise<void> {
    try {
      await this.call(
        `POST /groups/${groupId}/members/$ref`,
        () =>
          this.graph
            .api(`/groups/${encodeURIComponent(groupId)}/members/$ref`)
            .post({ "@odata.id": `${graphOrigin}/v1.0/directoryObjects/${userId}` }),
        z.unknown(),
      );
    } catch (e) {
      if (e instanceof GraphRequestError && e.status === 400 && /already exist/i.test(e.message)) return;
      throw e;
    }
  }

  /** Removes the user from the group; a membership already gone is success. */
  async removeMember(groupId: string, userId: string): Promise<void> {
    await this.call(
      `DELETE /groups/${groupId}/members/${userId}/$ref`,
      () => this.graph.api(`/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(userId)}/$ref`).delete(),
      z.unknown(),
      true,
    );
  }
}
