import type { StackValidationPolicy } from "@pulumi/policy";
import { accountLabel, backupAccounts } from "./stack-view";

export const oneBackupAccountPerService: StackValidationPolicy = {
  name: "one-backup-account-per-service",
  description:
    "Each Microsoft 365 service is backed up through its own backup service account, and no account serves two services. " +
    "The vendor's guide asks for one account per service for isolation: a locked, rotated or compromised account then affects one service only.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const accounts = backupAccounts(args.resources);
    const byService = new Map<string, string[]>();
    const byUpn = new Map<string, { label: string; services: Set<string> }>();
    for (const account of accounts) {
      if (!account.service) {
        reportViolation(
          `Backup account ${accountLabel(account)} names no backup service in its jobTitle ("Backup service account: <service>"); ` +
            "declare backup accounts through BackupServiceAccount so each serves exactly one service.",
          account.user.urn,
        );
        continue;
      }
      byService.set(account.service, [...(byService.get(account.service) ?? []), accountLabel(account)]);
      if (account.userPrincipalName) {
        const key = account.userPrincipalName.toLowerCase();
        const entry = byUpn.get(key) ?? { label: account.userPrincipalName, services: new Set<string>() };
        entry.services.add(account.service);
        byUpn.set(key, entry);
      }
    }
    for (const [service, labels] of byService) {
      if (labels.length > 1) {
        reportViolation(`${labels.length} backup accounts serve ${service} (${labels.join(", ")}); keep exactly one account per service.`);
      }
    }
    for (const { label, services } of byUpn.values()) {
      if (services.size > 1) {
        reportViolation(
          `Backup account ${label} is shared by ${[...services].join(" and ")}; give each service its own account ` +
            "(m365-backup:accounts.namingPattern must contain {service}).",
        );
      }
    }
  },
};
