import { z } from "zod";

import { backupServices, BackupService } from "../../services/backup-services";

export const servicesSection = z
  .object({
    exchange: z
      .boolean()
      .default(true)
      .describe("Back up Exchange Online mailboxes (and Public Folders when exchange.backupPublicFolders)."),
    sharepoint: z.boolean().default(true).describe("Back up SharePoint Online sites."),
    onedrive: z.boolean().default(true).describe("Back up OneDrive for Business."),
    groupsTeams: z.boolean().default(true).describe("Back up Microsoft 365 Groups and Teams."),
  })
  .strict()
  .refine((s) => Object.values(s).some(Boolean), {
    message: "enables no service: set at least one of exchange, sharepoint, onedrive, groupsTeams to true",
  })
  .describe("The services to back up; each enabled one gets its own backup account and backup task.");

export type ServicesSection = z.infer<typeof servicesSection>;

export function enabledServices(services: ServicesSection): BackupService[] {
  return backupServices.filter((s) => services[s]);
}
