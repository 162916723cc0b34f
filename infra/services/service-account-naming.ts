import { BackupService, byService } from "./backup-services";

/** The word each service contributes to the account name (teams_backup@, not groupsTeams_backup@). */
export const serviceAccountWords = byService("accountWord");

/** Display names shown in Entra ID and the vendor's portal. */
export const serviceDisplayNames = byService("displayName");

/** Entra ID accepts these characters in the local part of a UPN; 64 characters at most. */
const upnLocalPart = /^[A-Za-z0-9'_!#^~-]+(\.[A-Za-z0-9'_!#^~-]+)*$/;

function localPartProblem(local: string, service: BackupService): string | undefined {
  if (local.length > 0 && local.length <= 64 && upnLocalPart.test(local)) return undefined;
  return `gives the user name ${JSON.stringify(local)} for ${service}, which Entra ID refuses: use letters, digits and . _ - ' ! # ^ ~ (at most 64, no leading, trailing or double dot)`;
}

/** The UPN of a service's backup account: `{service}_backup@{domain}` by default (guide stage 1). */
export function backupAccountUpn(pattern: string, service: BackupService, domain: string): string {
  const upn = pattern.replaceAll("{service}", serviceAccountWords[service]).replaceAll("{domain}", domain).toLowerCase();
  const problem = localPartProblem(upn.slice(0, upn.lastIndexOf("@")), service);
  if (problem) throw new Error(`accounts.namingPattern ${JSON.stringify(pattern)} ${problem}.`);
  return upn;
}

/** Problems of a naming pattern, checked against every service so config validation can name them before anything is created. */
export function namingPatternProblem(pattern: string): string | undefined {
  const services = Object.keys(serviceAccountWords) as BackupService[];
  const upns = new Set<string>();
  for (const service of services) {
    const upn = pattern.replaceAll("{service}", serviceAccountWords[service]).replaceAll("{domain}", "example.com").toLowerCase();
    const problem = localPartProblem(upn.slice(0, upn.lastIndexOf("@")), service);
    if (problem) return problem;
    upns.add(upn);
  }
  return upns.size === services.length ? undefined : "gives the same user name to two services";
}

/** The logical (Pulumi) name of a service's account, derived from the identities component name. */
export function serviceAccountResourceName(componentName: string, service: BackupService): string {
  return `${componentName}-${serviceAccountWords[service]}`;
}
