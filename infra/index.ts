import * as pulumi from "@pulumi/pulumi";
import { TenantOnboarding } from "../components/tenant-onboarding";
import { loadTenantConfig } from "./config/load";
import { runDay } from "./config/run-day";

// Validation runs before any resource is declared: a bad value stops the run with nothing created.
const config = loadTenantConfig();

// The day override is a test hook: honoured only against a vendor emulator.
const today = runDay(process.env, new Date(), { againstEmulator: config.vendorApi?.emulatorUrl !== undefined });
const onboarding = new TenantOnboarding(config.tenant.initialDomainName, { config, today });

export const tenantId = config.tenant.id;
// Identities: names and ids only; passwords stay secrets inside the components (and the Key Vault).
export const backupAccountUpns = onboarding.identities.userPrincipalNames;
export const backupAccountObjectIds = onboarding.identities.objectIds;
export const backupAppServicePrincipalObjectId = onboarding.identities.consentPrincipalObjectId;
// Backup tasks: open each sign-in link once as the service's backup account, then `pulumi refresh`.
// Single-use passes for that sign-in under MFA (signIn.temporaryAccessPass): where each waits in the customer's Key Vault, never the pass.
export const backupAccountTemporaryAccessPasses = onboarding.signIn.temporaryAccessPasses;
// Secret: a sign-in link lets whoever holds it start the task's authorisation, and outputs are printed in pipeline logs.
export const backupTaskSignInLinks = pulumi.secret(onboarding.backupTasks.pendingAuthorizations);
export const backupTaskConnectionStates = onboarding.backupTasks.connectionStates;
export const backupTaskDiscoveredCounts = onboarding.backupTasks.discoveredCounts;
// Per task: active, paused, archived or gone at the vendor, its sign-in state and last successful backup.
export const backupTaskStatuses = onboarding.backupTasks.taskStatuses;
// Public API: tasks waiting to be made in the vendor's console, with the steps; up fails on one from its escalatesOn day.
export const backupTasksAwaitingConsole = onboarding.backupTasks.awaitingConsole;
// Discovery and rollout (guide stages 6-7).
export const enterpriseOnboarding = onboarding.enterprise;
export const discoveredCounts = onboarding.inventory.apply((i) => ({
  ...i.counts,
  source: i.source,
  estimated: i.estimated ?? [],
  ...(i.excluded ? { excluded: i.excluded } : {}),
  ...(i.read ? { read: i.read } : {}),
  ...(i.unmatchedPriority ? { unmatchedPriority: i.unmatchedPriority } : {}),
}));
// Lists mode: read back by the next run (StackReference to this stack) so that it reads only the directory's changes.
// Secret: the delta token and the disabled mailboxes' ids are the directory's, not the pipeline log's.
export const discoveryCursor = pulumi.secret(onboarding.inventory.apply((i) => i.cursor));
export const rolloutProgress = onboarding.activation.rollout.progress;
export const onboardingRequest = onboarding.activation.onboardingRequest;
export const onboardingRequestMarkdown = onboarding.activation.onboardingRequestMarkdown;
