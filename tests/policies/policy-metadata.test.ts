import type { Policy } from "@pulumi/policy";
import * as fs from "fs";
import * as path from "path";
import { archivedRetentionBounds, archivedRetentionDefaults } from "../../policies/archived-retention-bounds";
import { backupAccountRoles, backupAccountRolesDefaults } from "../../policies/backup-account-roles";
import { backupAccountsLicensed, backupAccountsLicensedDefaults } from "../../policies/backup-accounts-licensed";
import { backupTaskDeletionProtection } from "../../policies/backup-task-deletion-protection";
import { consentScopesAllowList, consentScopesDefaults } from "../../policies/consent-scopes-allow-list";
import { enterpriseActivationThroughRollout } from "../../policies/enterprise-activation-through-rollout";
import { directoryRolesForBackupAccountsOnly } from "../../policies/directory-roles-for-backup-accounts-only";
import { exchangeGlobalAdminBootstrapOnly } from "../../policies/exchange-global-admin-bootstrap-only";
import { globalAdministratorTimeBound } from "../../policies/global-administrator-time-bound";
import { globalAdministratorLiveEnd } from "../../policies/global-administrator-live-end";
import { indexingOffJustification, indexingOffJustificationDefaults } from "../../policies/indexing-off-justification";
import { noPlaintextSecrets, noPlaintextSecretsDefaults } from "../../policies/no-plaintext-secrets";
import { oneBackupAccountPerService } from "../../policies/one-backup-account-per-service";
import { oneBackupAppPerWorkload } from "../../policies/one-backup-app-per-workload";
import { publicFoldersEwsRetired } from "../../policies/public-folders-ews-retired";
import { rolloutWaveBudgetDefaults, rolloutWaveThrottlingBudget } from "../../policies/rollout-wave-throttling-budget";
import { sharePointOneDriveRootUrls } from "../../policies/sharepoint-onedrive-root-urls";
import { resourceTypesAllowList } from "../../policies/resource-types-allow-list";
import { whoGetsAccessAllowList, whoGetsAccessDefaults } from "../../policies/who-gets-access-allow-list";
import { packPolicies } from "../../policies/pack-policies";

const policies: [Policy & { configSchema?: { properties: Record<string, { default?: unknown }> } }, object | undefined][] = [
  [resourceTypesAllowList, undefined],
  [
    whoGetsAccessAllowList,
    (({ vendorAppIds, federatedIdentities, secretReaderObjectIds, licensingGroupObjectIds }) => ({
      vendorAppIds,
      federatedIdentities,
      secretReaderObjectIds,
      licensingGroupObjectIds,
    }))(whoGetsAccessDefaults),
  ],
  [oneBackupAccountPerService, undefined],
  [backupAccountsLicensed, backupAccountsLicensedDefaults],
  [backupAccountRoles, backupAccountRolesDefaults],
  [exchangeGlobalAdminBootstrapOnly, undefined],
  [globalAdministratorTimeBound, { maxHours: 168 }],
  [globalAdministratorLiveEnd, undefined],
  [directoryRolesForBackupAccountsOnly, undefined],
  [oneBackupAppPerWorkload, undefined],
  [consentScopesAllowList, consentScopesDefaults],
  [enterpriseActivationThroughRollout, undefined],
  [rolloutWaveThrottlingBudget, rolloutWaveBudgetDefaults],
  [sharePointOneDriveRootUrls, undefined],
  [indexingOffJustification, indexingOffJustificationDefaults],
  [archivedRetentionBounds, archivedRetentionDefaults],
  [backupTaskDeletionProtection, undefined],
  [noPlaintextSecrets, noPlaintextSecretsDefaults],
  [publicFoldersEwsRetired, undefined],
];
test("the table above covers exactly the pack's policies, in the pack's order (a new policy must be added here with its defaults)", () => {
  expect(policies.map(([p]) => p.name)).toEqual(packPolicies.map((p) => p.name));
});

/** Policies that warn rather than block: a deprecation the tenant may still bridge, and the guide's "should" of a licence. */
const advisory = new Set([publicFoldersEwsRetired.name, backupAccountsLicensed.name]);
const packDir = path.resolve(__dirname, "..", "..", "policies");

describe("policy metadata", () => {
  it.each(policies.map(([p, d]) => [p.name, p, d] as const))(
    "%s: kebab-case name in its own file, a rule-and-why description, its enforcement level, schema defaults",
    (name, policy, defaults) => {
      expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(fs.existsSync(path.join(packDir, `${name}.ts`))).toBe(true);
      // The rule, then why: at least two sentences or clauses.
      expect(policy.description!.length).toBeGreaterThan(120);
      expect(policy.description).toMatch(/[.;:] [A-Za-z]/);
      expect(policy.enforcementLevel).toBe(advisory.has(name) ? "advisory" : "mandatory");
      const schemaDefaults = Object.fromEntries(Object.entries(policy.configSchema?.properties ?? {}).map(([k, v]) => [k, v.default]));
      expect(schemaDefaults).toEqual(defaults ?? {});
    },
  );

  it("assembles every policy file in the pack's one list, which the entry serves", () => {
    const list = fs.readFileSync(path.join(packDir, "pack-policies.ts"), "utf8");
    for (const [p] of policies) expect(list).toContain(`./${p.name}"`);
    expect(fs.readFileSync(path.join(packDir, "index.ts"), "utf8")).toMatch(/policies: packPolicies,/);
    const files = fs
      .readdirSync(packDir)
      .filter(
        (f) =>
          f.endsWith(".ts") &&
          ![
            "index.ts",
            "pack-policies.ts",
            "resource-types.ts",
            "stack-view.ts",
            "well-known-permissions.ts",
            "trusted-dynamic-providers.ts",
          ].includes(f),
      );
    expect(files.sort()).toEqual(policies.map(([p]) => `${p.name}.ts`).sort());
    expect(new Set(policies.map(([p]) => p.name)).size).toBe(policies.length);
  });
});
