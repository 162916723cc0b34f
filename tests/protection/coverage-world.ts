import { stringify, parse } from "yaml";
import * as fs from "fs";
import * as path from "path";
import type { CloudAllyEmulator } from "../emulators/cloudally/cloudally-emulator";
import { testVendorAccountId, testVendorCredentials } from "../harness/vendor-fixtures";
import { projectDir, scratchProject } from "../gitops/fleet-fixtures";
import type { GraphTenant } from "../emulators/graph/graph-tenant";

/** Stack files and worlds for the coverage command: tenants whose tasks the public-only emulator holds. */

export interface CoverageTenant {
  stack: string;
  tenantId: string;
  /** contoso → contoso.com, contoso.onmicrosoft.com, Contoso task names. */
  name: string;
  services?: string[];
}

/** A stack file for one tenant, read through the public reads of the emulator. */
export function coverageStackFile(
  t: CoverageTenant,
  emulatorUrl: string,
  extra: (c: Record<string, unknown>) => void = () => undefined,
): string {
  const doc = parse(fs.readFileSync(path.join(projectDir, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> };
  const c = doc.config;
  const all = ["exchange", "sharepoint", "onedrive", "groupsTeams"];
  c["azuread:tenantId"] = t.tenantId;
  c["m365-backup:tenant"] = {
    ...(c["m365-backup:tenant"] as object),
    id: t.tenantId,
    primaryDomain: `${t.name}.com`,
    initialDomainName: t.name,
  };
  c["m365-backup:services"] = Object.fromEntries(all.map((s) => [s, (t.services ?? all).includes(s)]));
  c["m365-backup:backupTasks"] = { ...(c["m365-backup:backupTasks"] as object), namePrefix: t.name[0].toUpperCase() + t.name.slice(1) };
  c["m365-backup:rollout"] = { mode: "vendor-managed", discovery: "graph" };
  c["m365-backup:vendorApi"] = {
    emulatorUrl,
    clientId: testVendorCredentials.clientId,
    accountEmail: testVendorCredentials.email,
    capabilities: "public",
    accountId: testVendorAccountId,
  };
  extra(c);
  return stringify(doc);
}

export function coverageProject(
  tenants: readonly CoverageTenant[],
  emulatorUrl: string,
  extra?: (c: Record<string, unknown>) => void,
): string {
  return scratchProject(Object.fromEntries(tenants.map((t) => [t.stack, coverageStackFile(t, emulatorUrl, extra)]))).dir;
}

/** The environment the command runs with: vendor secrets as a pipeline gives them, the emulators allowed, Graph pointed at its emulator. */
export function coverageEnvironment(graph?: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    M365_BACKUP_TEST_EMULATOR: "allow",
    CLOUDALLY_CLIENT_SECRET: testVendorCredentials.clientSecret,
    CLOUDALLY_PASSWORD: testVendorCredentials.password,
    ...(graph ?? {}),
  };
}

/** The directory Graph holds for the vendor's mailboxes of a task, less the ones that left (orphaned at the vendor). */
export function directoryFromVendor(tenant: GraphTenant, vendor: CloudAllyEmulator, taskId: string, leavers: ReadonlySet<string>): void {
  let n = 0;
  for (const e of vendor.entities(taskId)) {
    if (leavers.has(e.address)) continue;
    const id = `${(++n).toString(16).padStart(8, "0")}-0000-4000-8000-000000000001`;
    tenant.users.set(id, {
      id,
      userPrincipalName: e.address,
      displayName: e.address,
      mail: e.address,
      accountEnabled: true,
      assignedLicenses: [{ skuId: "05e9a617-0261-4cee-bb44-138d3ef5d965", disabledPlans: [] }],
      memberOf: [],
    });
  }
}

/**
 * A fleet of `count` Exchange-only tenants on one partner account: each tenant's task made in the console,
 * all its mailboxes activated and backed up once. Returns the scratch project of their stack files.
 */
export function exchangeFleet(vendor: CloudAllyEmulator, count: number, mailboxes: number): string {
  const tenants = Array.from({ length: count }, (_, i) => ({
    stack: `tenant${i}`,
    tenantId: `0f3a6b1e-2c4d-4e8f-9a0b-${i.toString(16).padStart(12, "0")}`,
    name: `tenant${i}`,
    services: ["exchange"],
  }));
  for (const t of tenants) {
    const made = vendor.consoleCreateTask({
      service: "exchange",
      name: `Tenant${t.name.slice("tenant".length)} Exchange backup`,
      region: "us",
      domain: `${t.name}.com`,
    });
    vendor.vendorActivate(made.id, mailboxes);
  }
  vendor.advanceDay();
  return coverageProject(tenants, vendor.url);
}
