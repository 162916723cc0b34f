import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import type { BackupService } from "../infra/services/backup-services";
import type { GlobalAdministratorMethod } from "../infra/config/sections/exchange";
import { DirectoryRole, directoryRoleTemplateIds, ExchangeRolePhase, roleAssignmentResourceName } from "../infra/identity/directory-roles";
import { serviceDisplayNames } from "../infra/services/service-account-naming";
import { generateAccountPassword } from "../infra/identity/account-password";
import { BackupAccountPassword } from "./backup-account-password";
import { DirectoryRoleAssignmentSchedule } from "./directory-role-assignment-schedule";
import { LicenceAssignment } from "./licence-assignment";

/** Marks the accounts in Entra ID so people and policies recognise them. */
export const backupServiceAccountEmployeeType = "backup-service-account";

export interface BackupServiceAccountArgs {
  /** The Microsoft 365 service this account backs up. */
  readonly service: BackupService;
  /** UPN from the naming convention, e.g. exchange_backup@contoso.com. */
  readonly userPrincipalName: string;
  /** ISO 3166 alpha-2 country; Microsoft assigns no licence without it. */
  readonly usageLocation: pulumi.Input<string>;
  /** Directory roles the account holds now. */
  readonly roles: readonly DirectoryRole[];
  /** The Exchange role phase, recorded for policies (Exchange only). */
  readonly rolePhase?: ExchangeRolePhase;
  /** A new password when demoted to steady (exchange.rotatePasswordOnDemotion; Exchange only). */
  readonly rotatePasswordOnDemotion?: boolean;
  /** SKU part numbers to license the account with; empty leaves it unlicensed. */
  readonly skuPartNumbers: readonly string[];
  /** user: assignLicense; group: membership of the licensing group. */
  readonly licensingMode: "user" | "group";
  /** Licensing group object id, for group mode. */
  readonly licensingGroupObjectId?: pulumi.Input<string>;
  /** Bump to generate a new password (rotation). */
  readonly passwordGeneration: number;
  /** The customer's Key Vault and the secret the password is written to; absent, nobody keeps the password. */
  readonly passwordVault?: { readonly vaultUri: pulumi.Input<string>; readonly secretName: string };
  /** How long Global Administrator lasts and which grant it is, when the account holds it. */
  readonly globalAdministrator?: { readonly hours: number; readonly grant: number; readonly method: GlobalAdministratorMethod };
}

/** The secret-free summary registered as the component's inputs, which the policy pack reads. */
export interface BackupServiceAccountSummary {
  service: BackupService;
  userPrincipalName: string;
  roleTemplateIds: string[];
  rolePhase?: ExchangeRolePhase;
  licensed: boolean;
  skuPartNumbers: string[];
}

export function backupServiceAccountSummary(args: BackupServiceAccountArgs): BackupServiceAccountSummary {
  return {
    service: args.service,
    userPrincipalName: args.userPrincipalName,
    roleTemplateIds: args.roles.map((r) => directoryRoleTemplateIds[r]),
    ...(args.rolePhase ? { rolePhase: args.rolePhase } : {}),
    licensed: args.licensingMode === "group" || args.skuPartNumbers.length > 0,
    skuPartNumbers: [...args.skuPartNumbers],
  };
}

/**
 * One backup service account (guide stage 1): an Entra ID user, its password set by a
 * BackupAccountPassword that writes it only to the customer's Key Vault, its admin role(s) by built-in
 * template id, and its licences.
 */
export class BackupServiceAccount extends pulumi.ComponentResource {
  public readonly service: BackupService;
  public readonly userPrincipalName: pulumi.Output<string>;
  public readonly objectId: pulumi.Output<string>;
  /** The Key Vault secret version holding the account's password; empty without a vault. */
  public readonly passwordSecretId: pulumi.Output<string>;
  public readonly roleAssignments: (azuread.DirectoryRoleAssignment | DirectoryRoleAssignmentSchedule)[];
  public readonly licence?: LicenceAssignment;

  constructor(name: string, args: BackupServiceAccountArgs, opts?: pulumi.ComponentResourceOptions) {
    const summary = backupServiceAccountSummary(args);
    super("m365-backup:identities:BackupServiceAccount", name, summary, opts);
    this.service = args.service;

    const user = new azuread.User(
      `${name}-user`,
      {
        userPrincipalName: args.userPrincipalName,
        displayName: `${serviceDisplayNames[args.service]} backup`,
        mailNickname: args.userPrincipalName.slice(0, args.userPrincipalName.indexOf("@")),
        // Entra needs a password to create a user. This one is the creation password only: the
        // BackupAccountPassword below replaces it in the same run, before any role is granted, so the
        // value state keeps never works again. ignoreChanges: a new run's value is never sent.
        password: pulumi.secret(generateAccountPassword()),
        // The account signs in once for OAuth and is then used by the vendor's tokens; nobody types the password interactively.
        forcePasswordChange: false,
        // Expiry would silently break the task's sign-in; rotation is explicit (accounts.passwordGeneration).
        disablePasswordExpiration: true,
        usageLocation: args.usageLocation,
        employeeType: backupServiceAccountEmployeeType,
        jobTitle: `Backup service account: ${args.service}`,
        // Not showInAddressList: Microsoft Graph does not manage it (hide the mailbox in Exchange instead, docs/operators-guide.md).
        accountEnabled: true,
      },
      { parent: this, ignoreChanges: ["password"] },
    );

    const password = new BackupAccountPassword(
      `${name}-password`,
      {
        userObjectId: user.objectId,
        // The bootstrap password was held by a Global Administrator account: it is replaced on demotion.
        generation: `${args.passwordGeneration}${args.rolePhase === "steady" && args.rotatePasswordOnDemotion ? "-demoted" : ""}`,
        ...(args.passwordVault ? { vault: { vaultUri: args.passwordVault.vaultUri, secretName: args.passwordVault.secretName } } : {}),
      },
      { parent: this },
    );
    // No role or licence while the creation password, which state holds, still works.
    const afterPassword = { parent: this, dependsOn: [password] };

    this.roleAssignments = args.roles.map((role) => {
      if (role === "globalAdministrator") {
        // Never a permanent Global Administrator: a PIM assignment that ends by itself, or without PIM one this resource removes at its deadline.
        const bound = args.globalAdministrator ?? { hours: 72, grant: 1, method: "auto" as const };
        return new DirectoryRoleAssignmentSchedule(
          roleAssignmentResourceName(name, role),
          {
            roleId: directoryRoleTemplateIds[role],
            principalObjectId: user.objectId,
            durationHours: bound.hours,
            grant: bound.grant,
            method: bound.method,
            justification: `First sign-in of the ${serviceDisplayNames[args.service]} backup task (vendor onboarding guide, stage 1)`,
          },
          afterPassword,
        );
      }
      return new azuread.DirectoryRoleAssignment(
        roleAssignmentResourceName(name, role),
        { roleId: directoryRoleTemplateIds[role], principalObjectId: user.objectId },
        // The new role is created before the old one is removed (see roleAssignmentResourceName).
        { ...afterPassword, deleteBeforeReplace: false },
      );
    });

    if (summary.licensed) {
      this.licence = new LicenceAssignment(
        `${name}-licence`,
        {
          userObjectId: user.objectId,
          userPrincipalName: user.userPrincipalName,
          skuPartNumbers: [...args.skuPartNumbers],
          mode: args.licensingMode,
          ...(args.licensingMode === "group" ? { groupObjectId: args.licensingGroupObjectId } : {}),
        },
        afterPassword,
      );
    }

    this.userPrincipalName = user.userPrincipalName;
    this.objectId = user.objectId;
    this.passwordSecretId = password.vaultSecretId;
    this.registerOutputs({
      service: this.service,
      userPrincipalName: this.userPrincipalName,
      objectId: this.objectId,
      passwordSecretId: this.passwordSecretId,
    });
  }
}
