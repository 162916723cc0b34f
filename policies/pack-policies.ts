import type { Policies } from "@pulumi/policy";
import { archivedRetentionBounds } from "./archived-retention-bounds";
import { backupAccountRoles } from "./backup-account-roles";
import { backupAccountsLicensed } from "./backup-accounts-licensed";
import { backupTaskDeletionProtection } from "./backup-task-deletion-protection";
import { consentScopesAllowList } from "./consent-scopes-allow-list";
import { enterpriseActivationThroughRollout } from "./enterprise-activation-through-rollout";
import { directoryRolesForBackupAccountsOnly } from "./directory-roles-for-backup-accounts-only";
import { exchangeGlobalAdminBootstrapOnly } from "./exchange-global-admin-bootstrap-only";
import { globalAdministratorTimeBound } from "./global-administrator-time-bound";
import { globalAdministratorLiveEnd } from "./global-administrator-live-end";
import { indexingOffJustification } from "./indexing-off-justification";
import { noPlaintextSecrets } from "./no-plaintext-secrets";
import { oneBackupAccountPerService } from "./one-backup-account-per-service";
import { oneBackupAppPerWorkload } from "./one-backup-app-per-workload";
import { publicFoldersEwsRetired } from "./public-folders-ews-retired";
import { resourceTypesAllowList } from "./resource-types-allow-list";
import { whoGetsAccessAllowList } from "./who-gets-access-allow-list";
import { rolloutWaveThrottlingBudget } from "./rollout-wave-throttling-budget";
import { sharePointOneDriveRootUrls } from "./sharepoint-onedrive-root-urls";

/** Every policy of the pack, in the order it reports them: the one list (index.ts serves it, the tests read it). */
export const packPolicies: Policies = [
  resourceTypesAllowList,
  whoGetsAccessAllowList,
  oneBackupAccountPerService,
  backupAccountsLicensed,
  backupAccountRoles,
  exchangeGlobalAdminBootstrapOnly,
  globalAdministratorTimeBound,
  globalAdministratorLiveEnd,
  directoryRolesForBackupAccountsOnly,
  oneBackupAppPerWorkload,
  consentScopesAllowList,
  enterpriseActivationThroughRollout,
  rolloutWaveThrottlingBudget,
  sharePointOneDriveRootUrls,
  indexingOffJustification,
  archivedRetentionBounds,
  backupTaskDeletionProtection,
  noPlaintextSecrets,
  publicFoldersEwsRetired,
];
