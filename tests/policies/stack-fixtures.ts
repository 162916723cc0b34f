import { PolicyAnalyzer } from "../../tools/gate/policy-analyzer-client";
import type { RecordedResource } from "../../tools/mock-runtime/recording-monitor";
import { devStackConfig, runProgram } from "../harness/program-under-mocks";
import { recorded } from "./policy-harness";

export const types = {
  backupTask: "pulumi-nodejs:dynamic/m365-backup:BackupTask",
  rollout: "pulumi-nodejs:dynamic/m365-backup:ActivationRollout",
  user: "azuread:index/user:User",
  role: "azuread:index/directoryRoleAssignment:DirectoryRoleAssignment",
  licence: "pulumi-nodejs:dynamic/m365-backup:LicenceAssignment",
  grant: "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant",
  appRole: "azuread:index/appRoleAssignment:AppRoleAssignment",
  sp: "azuread:index/servicePrincipal:ServicePrincipal",
  app: "azuread:index/application:Application",
  consent: "m365-backup:identities:BackupAppConsent",
} as const;

/** Backup tasks and a rollout shaped as the contract describes, for stacks whose program does not declare them yet. */
export function contractTasksAndRollout(tenant: string, enterprise: boolean): RecordedResource[] {
  const settings = { indexForSearch: true, backupUnlicensedAccounts: true, retainArchivedDays: 365, autoActivateNew: false };
  const task = (service: string, rootUrl?: string) => {
    const inputs = {
      service,
      taskName: `Contoso ${service}`,
      ...(rootUrl ? { rootUrl } : {}),
      region: "us",
      settings,
      enterprise,
      allowBackupDataDeletion: false,
    };
    return recorded(types.backupTask, `${tenant}-tasks-${service}`, inputs, {
      protect: true,
      outputs: { ...inputs, connectionState: "pending" },
    });
  };
  return [
    task("exchange"),
    task("sharepoint", `https://${tenant}.sharepoint.com`),
    task("onedrive", `https://${tenant}-my.sharepoint.com`),
    task("groupsTeams"),
    ...(enterprise
      ? [
          recorded(types.rollout, `${tenant}-rollout`, {
            mode: "vendor-managed",
            paused: false,
            enterprise: true,
            safetyFactor: 1.5,
            waves: [
              { index: 1, service: "exchange", entityCount: 400, estimatedCost: 8000, budget: 10000 },
              { index: 2, service: "sharepoint", entityCount: 300, estimatedCost: 9000, budget: 10000 },
            ],
          }),
        ]
      : []),
  ];
}

let cached: Promise<RecordedResource[]> | undefined;

/** The dev stack as the program registers it (2,400 mailboxes: enterprise), with task and rollout resources. */
export function goodStack(): Promise<RecordedResource[]> {
  cached ??= runProgram(devStackConfig()).then((run) => {
    if (run.error) throw run.error;
    const hasTasks = run.resources.some((r) => r.type === types.backupTask);
    return hasTasks ? run.resources : [...run.resources, ...contractTasksAndRollout("contoso", true)];
  });
  return cached;
}

/** A second vendor app id (fictitious, on the example allow-list): CloudAlly's SharePoint and OneDrive app. */
export const secondVendorAppId = "4d7b2e91-6a3c-4f08-9e1d-2b5c8a0f6e34";

/** The dev config with the vendor's two apps, as CloudAlly installs them. */
export function twoAppConfig(): Record<string, unknown> {
  const config = devStackConfig();
  config["m365-backup:consent"] = {
    ...(config["m365-backup:consent"] as object),
    vendorApps: [{ appId: secondVendorAppId, services: ["sharepoint", "onedrive"] }],
  };
  return config;
}

let cachedTwoApps: Promise<RecordedResource[]> | undefined;

/** The dev stack consented to two vendor apps, one per workload. */
export function twoAppStack(): Promise<RecordedResource[]> {
  cachedTwoApps ??= runProgram(twoAppConfig()).then((run) => {
    if (run.error) throw run.error;
    return run.resources;
  });
  return cachedTwoApps;
}

let cachedPublicFolders: Promise<RecordedResource[]> | undefined;

/** The dev stack with Public Folders on (deprecated, off in every example), for the rules about EWS. */
export function publicFoldersStack(): Promise<RecordedResource[]> {
  const config = devStackConfig();
  config["m365-backup:exchange"] = { ...(config["m365-backup:exchange"] as object), backupPublicFolders: true };
  cachedPublicFolders ??= runProgram(config).then((run) => {
    if (run.error) throw run.error;
    return run.resources;
  });
  return cachedPublicFolders;
}

export const isTask = (service: string) => (r: RecordedResource) =>
  r.type === types.backupTask && (r.inputs as { service?: string }).service === service;
export const isAccountUser = (service: string) => (r: RecordedResource) =>
  r.type === types.user && (r.inputs as { jobTitle?: string }).jobTitle === `Backup service account: ${service}`;

/** The pack started as its own process and configured for the dev stack's preview, as the engine does before Analyze. */
export async function startDevPack(): Promise<PolicyAnalyzer> {
  const analyzer = await PolicyAnalyzer.start();
  await analyzer.configure();
  await analyzer.configureStack({ project: "m365-backup", stack: "dev", dryRun: true });
  return analyzer;
}
