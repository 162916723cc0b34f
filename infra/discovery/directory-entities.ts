import type { Client } from "@microsoft/microsoft-graph-client";
import { z } from "zod";
import type { BackupService } from "../services/backup-services";
import { GraphReader } from "./graph-reader";

/**
 * Every entity a backup task should protect, by name, from Microsoft Graph: what the coverage command
 * joins with the vendor's protection. Users are listed 999 a page (`GET /users`), Microsoft 365 groups
 * with `$filter=groupTypes/any(c:c eq 'Unified')`, sites with `sites/getAllSites` (personal sites are
 * OneDrives). Needs User.Read.All, Group.Read.All and Sites.Read.All, as discovery does.
 */

export interface DirectoryEntity {
  /** The name a person recognises: mailbox or group address, site URL. */
  name: string;
  /** Created within the grace window when Graph says so (a new mailbox is not yet expected at the vendor). */
  createdAt?: string;
  /** Exchange only: a user mailbox without a licence (backed up only with "back up unlicensed accounts"). */
  unlicensed?: boolean;
}

const userItem = z.object({
  id: z.string().min(1),
  userPrincipalName: z.string().nullish(),
  mail: z.string().nullish(),
  accountEnabled: z.boolean().nullish(),
  userType: z.string().nullish(),
  assignedLicenses: z.array(z.unknown()).nullish(),
  createdDateTime: z.string().nullish(),
});
const groupItem = z.object({ id: z.string().min(1), mail: z.string().nullish(), createdDateTime: z.string().nullish() });
const siteItem = z.object({
  id: z.string().min(1),
  webUrl: z.string(),
  isPersonalSite: z.boolean().nullish(),
  createdDateTime: z.string().nullish(),
});

const created = (at: string | null | undefined) => (at ? { createdAt: at } : {});

/** The entities of each asked-for service the directory holds now, and the requests it took. */
export async function listDirectoryEntities(
  client: Client,
  services: readonly BackupService[],
): Promise<{ entities: Partial<Record<BackupService, DirectoryEntity[]>>; requests: number }> {
  const reader = new GraphReader(client);
  const entities: Partial<Record<BackupService, DirectoryEntity[]>> = {};
  if (services.includes("exchange")) {
    const users = await reader.all(
      "users",
      "/users?$select=id,userPrincipalName,mail,accountEnabled,userType,assignedLicenses,createdDateTime&$top=999",
      userItem,
    );
    // A member with a mailbox (a guest's mail is its external address): user mailboxes and, disabled, shared ones.
    entities.exchange = users.items
      .filter((u) => !!u.mail && u.userType !== "Guest")
      .map((u) => ({
        name: u.mail!,
        ...created(u.createdDateTime),
        ...(u.accountEnabled !== false && (u.assignedLicenses ?? []).length === 0 ? { unlicensed: true } : {}),
      }));
  }
  if (services.includes("groupsTeams")) {
    const groups = await reader.all(
      "groups",
      "/groups?$filter=groupTypes/any(c:c eq 'Unified')&$select=id,mail,createdDateTime&$top=999",
      groupItem,
    );
    entities.groupsTeams = groups.items.filter((g) => !!g.mail).map((g) => ({ name: g.mail!, ...created(g.createdDateTime) }));
  }
  if (services.includes("sharepoint") || services.includes("onedrive")) {
    const sites = await reader.all("sites", "/sites/getAllSites?$select=id,webUrl,isPersonalSite,createdDateTime&$top=999", siteItem);
    if (services.includes("sharepoint"))
      entities.sharepoint = sites.items.filter((s) => !s.isPersonalSite).map((s) => ({ name: s.webUrl, ...created(s.createdDateTime) }));
    if (services.includes("onedrive"))
      entities.onedrive = sites.items.filter((s) => s.isPersonalSite).map((s) => ({ name: s.webUrl, ...created(s.createdDateTime) }));
  }
  const requests = Object.values(reader.requests).reduce((a, b) => a + b, 0);
  return { entities, requests };
}
