import type { BackupService } from "../services/backup-services";
import type { ExchangeSection } from "../config/sections/exchange";

/** Built-in Entra ID directory role template ids (the same in every tenant). */
export const directoryRoleTemplateIds = {
  globalAdministrator: "62e90394-69f5-4237-9190-012177145e10",
  exchangeAdministrator: "29232cdf-9323-42fd-ade2-1d097af3e4de",
  sharePointAdministrator: "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
  teamsAdministrator: "69091246-20e8-4a56-aa4d-066075b2a7a8",
} as const;

export type DirectoryRole = keyof typeof directoryRoleTemplateIds;
export type ExchangeRolePhase = ExchangeSection["rolePhase"];

/** Kebab-case role words used in resource names, so each role gets its own URN. */
export const directoryRoleSlugs: Readonly<Record<DirectoryRole, string>> = {
  globalAdministrator: "global-administrator",
  exchangeAdministrator: "exchange-administrator",
  sharePointAdministrator: "sharepoint-administrator",
  teamsAdministrator: "teams-administrator",
};

/**
 * The directory roles a service's backup account holds (guide stage 1). The Exchange account is
 * Exchange Administrator from the start, the guide's steady state; during `bootstrap` a time-bound
 * Global Administrator sits on top for the task's first sign-in. When that ends, by its deadline or by
 * `steady`, the account is still Exchange Administrator: it is never left without a role, and the
 * Exchange Administrator assignment is the same resource in both phases (no churn on demotion).
 */
export function directoryRolesFor(service: BackupService, exchangePhase: ExchangeRolePhase): DirectoryRole[] {
  switch (service) {
    case "exchange":
      return exchangePhase === "bootstrap" ? ["exchangeAdministrator", "globalAdministrator"] : ["exchangeAdministrator"];
    case "sharepoint":
    case "onedrive":
      return ["sharePointAdministrator"];
    case "groupsTeams":
      return ["teamsAdministrator"];
  }
}

/**
 * The logical name of a role assignment. It carries the role, so a phase change registers a new
 * resource (created during the update) and drops the old one (deleted by the engine only after every
 * create and update succeeded): the account is never without a role. Changing only `roleId` under a
 * stable name would make azuread replace it, and a failed create would leave the account role-less.
 */
export function roleAssignmentResourceName(accountResourceName: string, role: DirectoryRole): string {
  return `${accountResourceName}-role-${directoryRoleSlugs[role]}`;
}
