/**
 * The four Microsoft 365 services the guide creates one backup account and one backup task for, and
 * everything said about each: the one place the services' words, kinds and throttling scope are
 * spelt. This module imports nothing of the project; everything else may import it.
 */
export const backupServices = ["exchange", "sharepoint", "onedrive", "groupsTeams"] as const;
export type BackupService = (typeof backupServices)[number];

/** Kinds of entity a backup task protects (discovery counts them, the planner places them). */
export const inventoryKinds = ["userMailboxes", "sharedMailboxes", "sites", "oneDrives", "groups", "teams"] as const;
export type InventoryKind = (typeof inventoryKinds)[number];

/** The throttling budget an entity's first backup draws on: Exchange's, or SharePoint's resource units. */
export type ThrottlingScope = "exchange" | "sharepoint";

export interface ServiceVocabulary {
  /** The word in the backup account's name, as the guide names them (teams_backup@, not groupsTeams_backup@). */
  accountWord: string;
  /** The name shown in Entra ID, the vendor's portal and the onboarding request. */
  displayName: string;
  /** The word in the backup task's name ("<prefix> Groups-Teams backup"). */
  taskWord: string;
  /** What the vendor's console calls the service (assumption: the console's own labels are not published). */
  consoleLabel: string;
  /** The kinds its task backs up. Teams are Microsoft 365 groups, so they are counted once, as groups. */
  kinds: readonly InventoryKind[];
  /** The budget its first backups draw on. */
  scope: ThrottlingScope;
}

export const serviceVocabulary: Readonly<Record<BackupService, ServiceVocabulary>> = {
  exchange: {
    accountWord: "exchange",
    displayName: "Exchange",
    taskWord: "Exchange",
    consoleLabel: "Microsoft 365 Exchange (mailboxes)",
    kinds: ["userMailboxes", "sharedMailboxes"],
    scope: "exchange",
  },
  sharepoint: {
    accountWord: "sharepoint",
    displayName: "SharePoint",
    taskWord: "SharePoint",
    consoleLabel: "Microsoft 365 SharePoint",
    kinds: ["sites"],
    scope: "sharepoint",
  },
  onedrive: {
    accountWord: "onedrive",
    displayName: "OneDrive",
    taskWord: "OneDrive",
    consoleLabel: "Microsoft 365 OneDrive",
    kinds: ["oneDrives"],
    scope: "sharepoint",
  },
  // Group and Team content (files, channel documents) lives in SharePoint sites.
  groupsTeams: {
    accountWord: "teams",
    displayName: "Groups/Teams",
    taskWord: "Groups-Teams",
    consoleLabel: "Microsoft 365 Groups & Teams",
    kinds: ["groups"],
    scope: "sharepoint",
  },
};

/** One word of the vocabulary for every service, e.g. `byService("displayName").exchange`. */
export function byService<K extends keyof ServiceVocabulary>(word: K): Readonly<Record<BackupService, ServiceVocabulary[K]>> {
  return Object.fromEntries(backupServices.map((s) => [s, serviceVocabulary[s][word]])) as Record<BackupService, ServiceVocabulary[K]>;
}

/** The service whose task protects each kind (Teams are backed up with their groups). */
export const serviceOfKind: Readonly<Record<InventoryKind, BackupService>> = {
  userMailboxes: "exchange",
  sharedMailboxes: "exchange",
  sites: "sharepoint",
  oneDrives: "onedrive",
  groups: "groupsTeams",
  teams: "groupsTeams",
};
