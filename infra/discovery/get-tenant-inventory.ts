import * as pulumi from "@pulumi/pulumi";
import { credentialFromEnvironment } from "../azure/credential";
import { createGraphClient, graphBaseUrl, graphUserAgentFor } from "../graph/graph-client";
import { discoverTenant } from "./graph-discovery";
import type { TenantInventory } from "./tenant-inventory";

export interface GetTenantInventoryArgs {
  tenantId: string;
  /** counts: one request per kind; lists: exact shared-mailbox count and the priority entities. */
  mode?: "counts" | "lists";
  /** Lists: `rollout.priority`, looked up one by one. */
  priority?: readonly string[];
  /** Lists: the previous run's cursor, as the stack gave it back (validated before use). */
  cursor?: unknown;
  /** Goes into the User-Agent (NONISV|<organisation>|m365-backup/<version>). */
  organisation?: string;
}

/**
 * Discovery as a Pulumi function: counts (or lists) the tenant's mailboxes, sites, OneDrives and
 * groups through Microsoft Graph with the credential the environment names (M365_BACKUP_AZURE_AUTH).
 */
export async function getTenantInventory(args: GetTenantInventoryArgs): Promise<TenantInventory> {
  const client = createGraphClient({
    credential: credentialFromEnvironment(),
    baseUrl: graphBaseUrl(),
    ...(args.organisation ? { userAgent: graphUserAgentFor(args.organisation) } : {}),
  });
  let inventory: TenantInventory;
  try {
    inventory = await discoverTenant(client, {
      tenantId: args.tenantId,
      mode: args.mode ?? "counts",
      cursor: args.cursor,
      priority: args.priority ?? [],
    });
  } catch (e) {
    // The reader's errors name the request, Graph's code and message, and the fix that fits the status.
    throw new Error(`Discovery through Microsoft Graph failed: ${(e as Error).message}`);
  }
  if (inventory.fullReadBecause) void pulumi.log.info(`Discovery read the whole directory: ${inventory.fullReadBecause}.`);
  if (inventory.unmatchedPriority?.length) {
    void pulumi.log.warn(
      `m365-backup:rollout.priority names ${inventory.unmatchedPriority.length} entr${inventory.unmatchedPriority.length === 1 ? "y" : "ies"} that match no mailbox, site, OneDrive or Microsoft 365 group a task backs up: ` +
        `${inventory.unmatchedPriority.slice(0, 10).join(", ")}${inventory.unmatchedPriority.length > 10 ? ", ..." : ""}. Use a user principal name, a site URL or a group mail nickname.`,
    );
  }
  return inventory;
}

export function getTenantInventoryOutput(args: pulumi.Input<GetTenantInventoryArgs>): pulumi.Output<TenantInventory> {
  return pulumi.output(args).apply((a) => getTenantInventory(a as GetTenantInventoryArgs));
}
