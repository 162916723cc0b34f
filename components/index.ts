/**
 * The module's public API: what package "m365-backup-onboarding" exports to a Pulumi program. A fleet
 * repository's program is usually the whole onboarding (`export * from "m365-backup-onboarding/program"`);
 * these are the parts for a program that composes its own. What is not exported here may change in any release.
 */
export { TenantOnboarding } from "./tenant-onboarding";
export type { TenantOnboardingArgs } from "./tenant-onboarding";
export { BackupIdentities } from "./backup-identities";
export { BackupTasks } from "./backup-tasks";
export type { AwaitingConsoleTask, BackupTaskStatus } from "./backup-tasks";
export { TenantActivation } from "./tenant-activation";
export { loadTenantConfig, parseTenantConfig } from "../infra/config/load";
export type { TenantConfig, TenantConfigInput } from "../infra/config/schema";
export { runDay } from "../infra/config/run-day";
export type { RolloutProgress } from "../infra/rollout/wave-progress";
export type { OnboardingRequest } from "../infra/rollout/onboarding-request";
