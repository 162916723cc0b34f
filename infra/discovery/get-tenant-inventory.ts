import * as pulumi from "@pulumi/pulumi";
import { credentialFromEnvironment } from "../azure/credential";
import { createGraphClient, graphBaseUrl, graphUserAgentFor } from "../graph/graph-client";
import { discoverTenant } from "./graph-discovery";
import type { TenantInventory } from "./tenant-inventory";

export interface GetTenantInventoryArgs {
  tenantId: string;
  /** counts: one request per kind; lists: every entity (for priority ordering and sizes). */
  mode?: "counts" | "lists";
  /** Goes into the User-Agent (NONISV|<organisation>|m365-backup/<version>). */
  organisation?: string;
}

/**
 * Discovery as a Pulumi function: counts (or lists) the tenant's mailboxes, sites, OneDrives and
 * groups through Microsoft Graph with the credential the environment names (M365_BACKUP_AZURE_AUTH).
 */
export async function getTenantInventory(args: GetTenantInventoryArgs): Promise<TenantInventory> {
  const client = createGraphClient({ credential: credentialFromEnvironment(), baseUrl: graphBaseUrl(), ...(args.organisation ? { userAgent: graphUserAgentFor(args.organisation) } : {}) });
  try {
    return await discoverTenant(client, { tenantId: args.tenantId, mode: args.mode ?? "counts" });
  } catch (e) {
    // The reader's errors name the request, Graph's code and message, and the fix that fits the status.
    throw new Error(`Discovery through Microsoft Graph failed: ${(e as Error).message}`);
  }
}

export function getTenantInventoryOutput(args: pulumi.Input<GetTenantInventoryArgs>): pulumi.Output<TenantInventory> {
  return pulumi.output(args).apply((a) => getTenantInventory(a));
}
