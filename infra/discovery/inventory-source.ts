import * as pulumi from "@pulumi/pulumi";
import type { TenantConfig } from "../config/schema";
import { inventoryFromConfig } from "./config-inventory";
import { offlineEnvironmentVariable } from "./offline-switch";
import { previousDiscoveryCursor } from "./previous-cursor";
import { emptyCounts, TenantInventory } from "./tenant-inventory";

function emptyInventory(config: TenantConfig): TenantInventory {
  return { tenantId: config.tenant.id, counts: emptyCounts(), source: "config", discoveredAt: new Date(0).toISOString() };
}

/**
 * The tenant's inventory for this run (guide stage 6): counted through Microsoft Graph, or taken
 * from the stack config when rollout.discovery is config or the run is offline. Offline with no
 * mailbox count in config, the plan is empty (and the tenant counts as enterprise).
 */
export function tenantInventory(config: TenantConfig, env: NodeJS.ProcessEnv = process.env): pulumi.Output<TenantInventory> {
  const offline = env[offlineEnvironmentVariable] === "1";
  if (config.rollout.discovery === "config" || offline) return pulumi.output(inventoryFromConfig(config) ?? emptyInventory(config));
  // Loaded only when Graph is called: offline runs never pay for the Graph and Azure identity libraries.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { getTenantInventoryOutput } = require("./get-tenant-inventory") as typeof import("./get-tenant-inventory");
  const lists = config.rollout.priority.length > 0;
  return getTenantInventoryOutput({
    tenantId: config.tenant.id,
    mode: lists ? "lists" : "counts",
    organisation: config.tenant.organisation ?? config.tenant.initialDomainName,
    // Lists mode follows the cursor the previous run exported, so a daily run reads only the directory's changes.
    ...(lists ? { priority: config.rollout.priority, cursor: previousDiscoveryCursor() } : {}),
  });
}
