import { z } from "zod";

/** The four Microsoft 365 services the guide creates one backup account and one backup task for. */
export const backupServices = ["exchange", "sharepoint", "onedrive", "groupsTeams"] as const;
export type BackupService = (typeof backupServices)[number];

export const servicesSection = z
  .object({
    exchange: z.boolean().default(true),
    sharepoint: z.boolean().default(true),
    onedrive: z.boolean().default(true),
    groupsTeams: z.boolean().default(true),
  })
  .strict()
  .refine((s) => Object.values(s).some(Boolean), {
    message: "enables no service: set at least one of exchange, sharepoint, onedrive, groupsTeams to true",
  });

export type ServicesSection = z.infer<typeof servicesSection>;

export function enabledServices(services: ServicesSection): BackupService[] {
  return backupServices.filter((s) => services[s]);
}
