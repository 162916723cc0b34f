import type { Client, GraphError } from "@microsoft/microsoft-graph-client";
import { z } from "zod";

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

export const licensedGroupSchema = z.object({ id: z.string().min(1), displayName: z.string().nullable().optional(), assignedLicenses: z.array(assignedLicense) });
export type LicensedGroup = z.infer<typeof licensedGroupSchema>;

const page = <T extends z.ZodType>(item: T) => z.object({ value: z.array(item), "@odata.nextLink": z.string().url().optional() });

/** A Graph call that failed, with what the support case and the fix need. */
export class GraphLicensingError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly code: string | null,
    readonly requestId: string | null,
    detail: string,
    fix: string,
  ) {
    super(`${operation} failed: HTTP ${status}${code ? ` ${code}` : ""}${requestId ? ` (request-id ${requestId})` : ""}: ${detail}. ${fix}`);
    this.name = "GraphLicensingError";
  }
}

function isGraphError(e: unknown): e is GraphError {
  return typeof e === "object" && e !== null && typeof (e as GraphError).statusCode === "number";
}

function fixFor(status: number): string {
  if (status === 401) return "Fix: check the credential in M365_BACKUP_AZURE_AUTH and its variables.";
  if (status === 403) return "Fix: grant the identity that runs pulumi the Graph permissions User.ReadWrite.All, Organization.Read.All and GroupMember.ReadWrite.All (or the License Administrator role).";
  if (status === 429 || status >= 500) return "Fix: Microsoft Graph is throttling or unavailable after all retries; run pulumi up again later.";
  return "Fix: correct the request named above and run pulumi up again.";
}

/** Licensing calls the licence assignment needs, over a Graph client whose middleware retries throttled calls. */
export class GraphLicensingClient {
  constructor(private readonly graph: Client) {}

  private async call<T>(operation: string, run: () => Promise<unknown>, schema: z.ZodType<T>, allow404 = false): Promise<T | undefined> {
    let body: unknown;
    try {
      body = await run();
    } catch (e) {
      if (isGraphError(e)) {
        if (allow404 && e.statusCode === 404) return undefined;
        throw new GraphLicensingError(operation, e.statusCode, e.code, e.requestId, e.message, fixFor(e.statusCode));
      }
      throw e;
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${operation} answered an unexpected body: field ${issue.path.join(".") || "(root)"} ${issue.message}. Fix: check M365_BACKUP_GRAPH_URL points at Microsoft Graph.`);
    }
    return parsed.data;
  }

  async subscribedSkus(): Promise<SubscribedSku[]> {
    const res = await this.call("GET /subscribedSkus", () => this.graph.api("/subscribedSkus").select("skuId,skuPartNumber,consumedUnits,prepaidUnits,capabilityStatus").get(), page(subscribedSkuSchema));
    return res!.value;
  }

  /** The user's directly visible licences, or undefined when the user no longer exists. */
  async user(userId: string): Promise<LicensedUser | undefined> {
    return this.call(
      `GET /users/${userId}`,
      () => this.graph.api(`/users/${encodeURIComponent(userId)}`).select("id,userPrincipalName,usageLocation,assignedLicenses").get(),
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
      () => this.graph.api(`/groups/${encodeURIComponent(groupId)}`).select("id,displayName,assignedLicenses").get(),
      licensedGroupSchema,
      true,
    );
  }

  /** Direct membership only: group-based licensing does not flow through nested groups. */
  async isDirectMember(groupId: string, userId: string): Promise<boolean> {
    let url: string | undefined = `/users/${encodeURIComponent(userId)}/memberOf?$select=id&$top=999`;
    while (url) {
      const current: string = url;
      const res = await this.call(`GET /users/${userId}/memberOf`, () => this.graph.api(current).get(), page(z.object({ id: z.string() }).passthrough()), true);
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
        () => this.graph.api(`/groups/${encodeURIComponent(groupId)}/members/$ref`).post({ "@odata.id": `${graphOrigin}/v1.0/directoryObjects/${userId}` }),
        z.unknown(),
      );
    } catch (e) {
      if (e instanceof GraphLicensingError && e.status === 400 && /already exist/i.test(e.message)) return;
      throw e;
    }
  }

  /** Removes the user from the group; a membership already gone is success. */
  async removeMember(groupId: string, userId: string): Promise<void> {
    await this.call(`DELETE /groups/${groupId}/members/${userId}/$ref`, () => this.graph.api(`/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(userId)}/$ref`).delete(), z.unknown(), true);
  }
}
