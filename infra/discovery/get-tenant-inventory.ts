import * as pulumi from "@pulumi/pulumi";
import { credentialFromEnvironment } from "../azure/credential";
import { createGraphClient, graphBaseUrl } from "../graph/graph-client";
import { discoverTenant } from "./graph-discovery";
import type { TenantInventory } from "./tenant-inventory";

export interface GetTenantInventoryArgs {
  tenantId: string;
  /** counts: one request per kind; lists: every entity (for priority ordering and sizes). */
  mode?: "counts" | "lists";
}

/**
 * Discovery as a Pulumi function: counts (or lists) the tenant's mailboxes, sites, OneDrives and
 * groups through Microsoft Graph with the credential the environment names (M365_BACKUP_AZURE_AUTH).
 */
export async function getTenantInventory(args: GetTenantInventoryArgs): Promise<TenantInventory> {
  const client = createGraphClient({ credential: credentialFromEnvironment(), baseUrl: graphBaseUrl() });
  try {
    return await discoverTenant(client, { tenantId: args.tenantId, mode: args.mode ?? "counts" });
  } catch (e) {
    // Graph's own errors carry a status and code, never the token.
    const err = e as { statusCode?: number; code?: string; message?: string };
    throw new Error(
      `Discovery through Microsoft Graph failed${err.statusCode ? ` (${err.statusCode} ${err.code ?? ""})` : ""}: ${err.message ?? String(e)}. ` +
        "Check the Graph credential (M365_BACKUP_AZURE_AUTH) and its Directory.Read.All and Sites.Read.All consent, or set m365-backup:rollout.discovery to config.",
    );
  }
}

export function getTenantInventoryOutput(args: pulumi.Input<GetTenantInventoryArgs>): pulumi.Output<TenantInventory> {
  return pulumi.output(args).apply((a) => getTenantInventory(a));
}
