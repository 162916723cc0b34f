import * as fs from "fs";
import * as path from "path";
import type { RecordedResource } from "../../tools/mock-runtime/recording-monitor";
import { PolicyAnalyzer, PolicyViolation } from "../../tools/gate/policy-analyzer-client";
import { devStackConfig, runProgram, withConfig } from "../harness/program-under-mocks";
import { mutate, recorded, secretSig } from "./policy-harness";
import { contractTasksAndRollout, goodStack, isAccountUser, isTask, publicFoldersStack, startDevPack, types } from "./stack-fixtures";
import { discoverStacks, readStackFile } from "../../tools/gate/stack-files";

/**
 * The pack as its own process, started by Pulumi's policy runner in policies/ and asked over gRPC as
 * the engine asks it: Analyze for each resource's inputs, AnalyzeStack with the state.
 */
let analyzer: PolicyAnalyzer;
beforeAll(async () => (analyzer = await startDevPack()), 60000);
afterAll(() => analyzer?.stop());

const policyNames = (vs: PolicyViolation[]) => [...new Set(vs.map((v) => v.policyName))];

describe("the policy pack over gRPC", () => {
  it("describes itself as the engine reads it: name, version, policies, levels, config defaults", async () => {
    const info = await analyzer.info();
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "policies", "package.json"), "utf8")) as { version: string };
    expect(info.name).toBe("m365-backup-onboarding");
    expect(info.version).toBe(pkg.version);
    expect(info.policies).toHaveLength(19);
    expect(
      info.policies
        .filter((p) => p.enforcementLevel !== "mandatory")
        .map((p) => [p.name, p.enforcementLevel])
        .sort(),
    ).toEqual([
      ["backup-accounts-licensed", "advisory"],
      ["public-folders-ews-retired", "advisory"],
    ]);
    expect(info.policies.find((p) => p.name === "archived-retention-bounds")?.configSchema?.properties.minDays.default).toBe(30);
  });

  it("passes the dev stack with its real registrations (secrets wrapped, serialized providers included)", async () => {
    const stack = await goodStack();
    expect(stack.find(isAccountUser("exchange"))!.inputs.password).toHaveProperty([secretSig]);
    expect(await analyzer.analyzeDeployment(stack)).toEqual([]);
  });

  it("warns, advisory only, about Public Folders through EWS", async () => {
    const violations = await analyzer.analyzeDeployment(await publicFoldersStack());
    expect(violations.map((v) => [v.policyName, v.enforcementLevel])).toEqual([["public-folders-ews-retired", "advisory"]]);
  });

  it("passes every example tenant stack", async () => {
    const root = path.join(__dirname, "..", "..");
    const stacks = discoverStacks(root);
    expect(stacks).toContain("dev");
    for (const stack of stacks) {
      // Read as the gate reads it: a secure: value (pulumi config set --secret) is a placeholder offline, never its ciphertext.
      const stackFile = readStackFile(root, stack);
      const file = path.basename(stackFile.file);
      const config = stackFile.config;
      const run = await runProgram(config, { stack, secretKeys: stackFile.secretKeys });
      expect(run.error).toBeUndefined();
      const hasTasks = run.resources.some((r) => r.type === types.backupTask);
      const tenant = String((config["m365-backup:tenant"] as { initialDomainName: string }).initialDomainName);
      const mailboxes = Number((config["m365-backup:tenant"] as { mailboxCount?: number }).mailboxCount ?? 0);
      const resources = hasTasks ? run.resources : [...run.resources, ...contractTasksAndRollout(tenant, mailboxes > 1000)];
      expect({ file, violations: await analyzer.analyzeDeployment(resources) }).toEqual({ file, violations: [] });
    }
  });

  it("reports values unknown during preview as advisory at worst, never as a mandatory violation", async () => {
    const run = await runProgram(devStackConfig(), { preview: true });
    const violations = await analyzer.analyzeDeployment(run.resources);
    expect(violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  });

  const exchangeAdmin = "29232cdf-9323-42fd-ade2-1d097af3e4de";
  const badStacks: [string, (good: RecordedResource[]) => RecordedResource[] | Promise<RecordedResource[]>, string, RegExp][] = [
    [
      "an account shared by two services",
      (s) =>
        mutate(s, isAccountUser("onedrive"), (r) => ({ outputs: { ...r.outputs, userPrincipalName: "sharepoint_backup@contoso.com" } })),
      "one-backup-account-per-service",
      /is shared by sharepoint and onedrive/,
    ],
    [
      "a Teams account given Exchange Administrator",
      (s) => [
        ...s,
        recorded(types.role, "teams-exchange-admin", {
          roleId: exchangeAdmin,
          principalObjectId: String(s.find(isAccountUser("groupsTeams"))!.outputs.objectId),
        }),
      ],
      "backup-account-roles",
      /teams_backup@contoso\.com \(groupsTeams\) is assigned Exchange Administrator/,
    ],
    [
      "a Global Administrator schedule that refresh read as permanent in PIM",
      (s) =>
        mutate(
          s,
          (r) => r.type === "pulumi-nodejs:dynamic/m365-backup:DirectoryRoleAssignmentSchedule",
          (r) => ({ outputs: { ...r.outputs, state: "permanent", endDateTime: "" } }),
        ),
      "global-administrator-live-end",
      /PIM holds Global Administrator for .* without an end \(made permanent outside the stack\)/,
    ],
    [
      "a tenant without PIM whose deadline Global Administrator refresh read as still held after its deadline",
      (s) =>
        mutate(
          s,
          (r) => r.type === "pulumi-nodejs:dynamic/m365-backup:DirectoryRoleAssignmentSchedule",
          (r) => ({ outputs: { ...r.outputs, heldThrough: "deadline", state: "overdue", endDateTime: "2026-12-01T06:00:00.000Z" } }),
        ),
      "global-administrator-live-end",
      /is past its deadline \(2026-12-01T06:00:00\.000Z\) and still held\. Fix: run pulumi up, which removes it/,
    ],
    [
      "Global Admin kept after the Exchange task connected",
      (s) => mutate(s, isTask("exchange"), (r) => ({ outputs: { ...r.outputs, connectionState: "connected" } })),
      "exchange-global-admin-bootstrap-only",
      /still holds Global Administrator/,
    ],
    [
      "a second app registration",
      (s) => {
        // Both under the customer-app component, so that only the one-app rule is at stake here.
        const parent = "urn:pulumi:dev::m365-backup::m365-backup:identities:CustomerBackupApp::contoso-identities-app";
        return [
          ...s,
          recorded(types.app, "app-a", { displayName: "a" }, { parent }),
          recorded(types.app, "app-b", { displayName: "b" }, { parent }),
        ];
      },
      "one-backup-app-per-workload",
      /2 app registrations/,
    ],
    [
      "an app role assignment widened beyond the allow-list",
      (s) =>
        mutate(
          s,
          (r) => r.type === "azuread:index/appRoleAssignment:AppRoleAssignment",
          (r) => ({ inputs: { ...r.inputs, appRoleId: "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8" } }),
        ),
      "consent-scopes-allow-list",
      /privileged application permission RoleManagement\.ReadWrite\.Directory/,
    ],
    [
      "an enterprise tenant without a rollout",
      (s) => s.filter((r) => r.type !== types.rollout),
      "enterprise-activation-through-rollout",
      /no ActivationRollout/,
    ],
    [
      "a wave over its throttling budget",
      (s) =>
        mutate(
          s,
          (r) => r.type === types.rollout,
          (r) => ({
            inputs: {
              ...r.inputs,
              waves: (r.inputs.waves as Record<string, number>[]).map((w) => ({ ...w, estimatedCost: w.budget * 2 })),
            },
          }),
        ),
      "rollout-wave-throttling-budget",
      /is estimated at \d+ against a budget of \d+/,
    ],
    [
      "a SharePoint root URL of another tenant",
      (s) => mutate(s, isTask("sharepoint"), (r) => ({ outputs: { ...r.outputs, rootUrl: "https://fabrikam.sharepoint.com" } })),
      "sharepoint-onedrive-root-urls",
      /points at tenant fabrikam/,
    ],
    [
      "indexing off without a reason",
      (s) =>
        mutate(s, isTask("exchange"), (r) => ({
          inputs: { ...r.inputs, settings: { ...(r.inputs.settings as object), indexForSearch: false } },
        })),
      "indexing-off-justification",
      /turns indexing for search off without a justification/,
    ],
    [
      "archived backups kept 3 days",
      (s) =>
        mutate(s, isTask("groupsTeams"), (r) => ({
          inputs: { ...r.inputs, settings: { ...(r.inputs.settings as object), retainArchivedDays: 3 } },
        })),
      "archived-retention-bounds",
      /retains auto-archived backups 3 days/,
    ],
    [
      "an unprotected backup task",
      (s) => mutate(s, isTask("onedrive"), () => ({ protect: false })),
      "backup-task-deletion-protection",
      /is not protected/,
    ],
    [
      "a vendor secret passed as a task input",
      (s) => mutate(s, isTask("exchange"), (r) => ({ inputs: { ...r.inputs, vendorPassword: "Winter2026!" } })),
      "no-plaintext-secrets",
      /input vendorPassword looks like a credential/,
    ],
  ];

  it.each(badStacks)("fails %s on exactly the right policy", async (_label, makeBad, policy, message) => {
    const violations = await analyzer.analyzeDeployment(await makeBad(await goodStack()));
    expect(policyNames(violations)).toEqual([policy]);
    expect(violations[0].message).toMatch(message);
    expect(violations.every((v) => v.enforcementLevel === "mandatory" && v.policyPackName === "m365-backup-onboarding")).toBe(true);
  });

  it("warns about an unlicensed SharePoint account (the guide's 'should'), and refuses it where the policy config makes it mandatory", async () => {
    const run = await runProgram(
      withConfig({
        "m365-backup:accounts": {
          ...(devStackConfig()["m365-backup:accounts"] as object),
          licensing: {
            mode: "user",
            skus: { exchange: ["EXCHANGESTANDARD"], sharepoint: [], onedrive: ["SPE_E3"], groupsTeams: ["SPE_E3"] },
          },
        },
      }),
    );
    const warned = await analyzer.analyzeDeployment(run.resources);
    expect(warned.map((v) => [v.policyName, v.enforcementLevel])).toEqual([["backup-accounts-licensed", "advisory"]]);
    expect(warned[0].message).toMatch(/sharepoint_backup@contoso\.com \(sharepoint\) has no licence/);
    try {
      await analyzer.configure({ "backup-accounts-licensed": { enforcementLevel: "mandatory" } });
      expect((await analyzer.analyzeDeployment(run.resources)).map((v) => v.enforcementLevel)).toEqual(["mandatory"]);
    } finally {
      await analyzer.configure();
    }
  });

  it("honours per-policy config and enforcement levels sent by Configure", async () => {
    const bad = mutate(await goodStack(), isTask("exchange"), (r) => ({
      inputs: { ...r.inputs, settings: { ...(r.inputs.settings as object), retainArchivedDays: 3 } },
    }));
    try {
      await analyzer.configure({ "archived-retention-bounds": { enforcementLevel: "advisory", minDays: 1 } });
      expect(await analyzer.analyzeDeployment(bad)).toEqual([]);
      await analyzer.configure({ "archived-retention-bounds": { enforcementLevel: "advisory" } });
      expect((await analyzer.analyzeDeployment(bad)).map((v) => v.enforcementLevel)).toEqual(["advisory"]);
    } finally {
      await analyzer.configure();
    }
  });
});

/**
 * Changes to the program itself, not to the component's permission list or role map: resources a
 * pull request could add anywhere. Each must fail as a mandatory violation of the pack over gRPC.
 */
describe("program mutations judged by the pack over gRPC", () => {
  const graphApp = "00000003-0000-0000-c000-000000000000";
  const globalAdmin = "62e90394-69f5-4237-9190-012177145e10";
  const stranger = "99999999-9999-4999-8999-999999999999";
  const mandatory = (vs: PolicyViolation[]) => vs.filter((v) => v.enforcementLevel === "mandatory");

  async function mutated(extend: NonNullable<Parameters<typeof runProgram>[1]>["extend"]): Promise<PolicyViolation[]> {
    const run = await runProgram(devStackConfig(), { extend });
    expect(run.error).toBeUndefined();
    return mandatory(await analyzer.analyzeDeployment(run.resources));
  }

  it("RoleManagement.ReadWrite.Directory granted to the backup app's own principal fails consent-scopes-allow-list", async () => {
    const violations = await mutated((program, azuread) => {
      const graph = azuread.getServicePrincipalOutput({ clientId: graphApp });
      new azuread.AppRoleAssignment("extra-role-management", {
        appRoleId: "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8",
        principalObjectId: program.backupAppServicePrincipalObjectId as import("@pulumi/pulumi").Output<string>,
        resourceObjectId: graph.objectId,
      });
    });
    // Outside any consent component it is also a grant no backup app's consent accounts for.
    expect(policyNames(violations)).toEqual(["consent-scopes-allow-list", "one-backup-app-per-workload"]);
    expect(violations[1].message).toMatch(/The grant extra-role-management is not part of a backup app consent/);
    expect(violations[0].message).toMatch(
      /App role assignment extra-role-management grants the privileged application permission RoleManagement\.ReadWrite\.Directory/,
    );
  });

  it("Global Administrator given to another principal fails, permanent and not a backup account", async () => {
    const violations = await mutated((_program, azuread) => {
      new azuread.DirectoryRoleAssignment("extra-global-admin", { roleId: globalAdmin, principalObjectId: stranger });
    });
    expect(policyNames(violations).sort()).toEqual([
      "directory-roles-for-backup-accounts-only",
      "exchange-global-admin-bootstrap-only",
      "global-administrator-time-bound",
    ]);
    expect(violations.find((v) => v.policyName === "global-administrator-time-bound")!.message).toMatch(
      /extra-global-admin gives Global Administrator without an end/,
    );
    expect(violations.find((v) => v.policyName === "directory-roles-for-backup-accounts-only")!.message).toMatch(
      new RegExp(`to ${stranger}, which is not a backup account`),
    );
  });

  it("a directory role given to the backup app's service principal fails directory-roles-for-backup-accounts-only", async () => {
    const violations = await mutated((program, azuread) => {
      new azuread.DirectoryRoleAssignment("extra-sp-role", {
        roleId: "29232cdf-9323-42fd-ade2-1d097af3e4de",
        principalObjectId: program.backupAppServicePrincipalObjectId as import("@pulumi/pulumi").Output<string>,
      });
    });
    expect(policyNames(violations)).toEqual(["directory-roles-for-backup-accounts-only"]);
    expect(violations[0].message).toMatch(
      /extra-sp-role gives Exchange Administrator .* to the service principal contoso-identities-consent-sp; no app in this stack may hold a directory role/,
    );
  });

  it("a delegated grant outside the allow-list fails consent-scopes-allow-list", async () => {
    const violations = await mutated((program, azuread) => {
      const graph = azuread.getServicePrincipalOutput({ clientId: graphApp });
      new azuread.ServicePrincipalDelegatedPermissionGrant("extra-grant", {
        servicePrincipalObjectId: program.backupAppServicePrincipalObjectId as import("@pulumi/pulumi").Output<string>,
        resourceServicePrincipalObjectId: graph.objectId,
        claimValues: ["User.Read", "Mail.Send"],
      });
    });
    // Without a user it is consent for everyone in the tenant, which the type's invariant refuses too.
    expect(policyNames(violations)).toEqual(["resource-types-allow-list", "consent-scopes-allow-list", "one-backup-app-per-workload"]);
    expect(violations[0].message).toMatch(/extra-grant .* grants for all principals/);
    expect(violations[1].message).toMatch(/Delegated grant extra-grant consents to Mail\.Send, which is not on the allow-list/);
  });
});
