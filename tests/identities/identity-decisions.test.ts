import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { backupServices } from "../../infra/services/backup-services";
import {
  backupAppPermissions,
  delegatedScopesFor,
  permissionsFor,
  publicFoldersPermission,
  resourceAppIds,
} from "../../infra/identity/backup-app-permissions";
import { directoryRolesFor, directoryRoleTemplateIds, roleAssignmentResourceName } from "../../infra/identity/directory-roles";
import { backupAccountUpn, namingPatternProblem } from "../../infra/services/service-account-naming";

const phases = ["bootstrap", "steady"] as const;
const someServices = fc.subarray([...backupServices], { minLength: 1 });

describe("naming convention", () => {
  test("the guide's names by default", () => {
    expect(backupServices.map((s) => backupAccountUpn("{service}_backup@{domain}", s, "Contoso.com"))).toEqual([
      "exchange_backup@contoso.com",
      "sharepoint_backup@contoso.com",
      "onedrive_backup@contoso.com",
      "teams_backup@contoso.com",
    ]);
  });

  test("any accepted pattern gives four distinct UPNs in the domain", () => {
    const word = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,10}$/);
    fc.assert(
      fc.property(word, word, fc.boolean(), (prefix, suffix, dot) => {
        const pattern = `${prefix}${dot ? "." : "_"}{service}${dot ? "." : "-"}${suffix}@{domain}`;
        fc.pre(namingPatternProblem(pattern) === undefined);
        const upns = backupServices.map((s) => backupAccountUpn(pattern, s, "contoso.com"));
        expect(new Set(upns).size).toBe(4);
        for (const u of upns) expect(u.endsWith("@contoso.com")).toBe(true);
      }),
    );
  });

  test("patterns Entra ID refuses are named before anything is created", () => {
    expect(namingPatternProblem("{service} backup@{domain}")).toMatch(/Entra ID refuses/);
    expect(namingPatternProblem(".{service}@{domain}")).toMatch(/Entra ID refuses/);
    expect(namingPatternProblem(`${"x".repeat(60)}{service}@{domain}`)).toMatch(/at most 64/);
    expect(() => backupAccountUpn("{service}..b@{domain}", "exchange", "contoso.com")).toThrow(
      /accounts\.namingPattern .* Entra ID refuses/,
    );
  });
});

describe("role map", () => {
  test("every service holds a role in each phase; Exchange is Exchange Administrator throughout, with Global Administrator on top only during bootstrap", () => {
    for (const s of backupServices) for (const p of phases) expect(directoryRolesFor(s, p).length).toBeGreaterThanOrEqual(1);
    // Exchange Administrator throughout; Global Administrator (time-bound) only on top during bootstrap.
    expect(directoryRolesFor("exchange", "bootstrap")).toEqual(["exchangeAdministrator", "globalAdministrator"]);
    expect(directoryRolesFor("exchange", "steady")).toEqual(["exchangeAdministrator"]);
    for (const s of ["sharepoint", "onedrive", "groupsTeams"] as const)
      expect(directoryRolesFor(s, "bootstrap")).toEqual(directoryRolesFor(s, "steady"));
    expect(directoryRolesFor("onedrive", "steady")).toEqual(["sharePointAdministrator"]);
    expect(directoryRolesFor("groupsTeams", "steady")).toEqual(["teamsAdministrator"]);
  });

  test("template ids are Microsoft's built-in ones and role names give each role its own URN", () => {
    expect(directoryRoleTemplateIds).toEqual({
      globalAdministrator: "62e90394-69f5-4237-9190-012177145e10",
      exchangeAdministrator: "29232cdf-9323-42fd-ade2-1d097af3e4de",
      sharePointAdministrator: "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
      teamsAdministrator: "69091246-20e8-4a56-aa4d-066075b2a7a8",
    });
    const names = Object.keys(directoryRoleTemplateIds).map((r) =>
      roleAssignmentResourceName("x-exchange", r as keyof typeof directoryRoleTemplateIds),
    );
    expect(new Set(names).size).toBe(4);
  });
});

describe("permission sets", () => {
  test("granted permissions are exactly the enabled services' ones, each once, Public Folders only when asked", () => {
    fc.assert(
      fc.property(someServices, fc.boolean(), (services, publicFolders) => {
        const granted = permissionsFor(services, { backupPublicFolders: publicFolders });
        const keys = granted.map((p) => `${p.resourceAppId}/${p.kind}/${p.value}`);
        expect(new Set(keys).size).toBe(keys.length);
        const wanted = new Set(
          services
            .flatMap((s) => [...backupAppPermissions[s], ...(s === "exchange" && publicFolders ? [publicFoldersPermission] : [])])
            .map((p) => `${resourceAppIds[p.resource]}/${p.kind}/${p.value}`),
        );
        expect(new Set(keys)).toEqual(wanted);
        expect(keys.some((k) => k.endsWith("EWS.AccessAsUser.All"))).toBe(publicFolders && services.includes("exchange"));
        // Every delegated grant an account gets is among the consented permissions.
        for (const s of services) {
          for (const [resource, scopes] of delegatedScopesFor(s, { backupPublicFolders: publicFolders })) {
            for (const scope of scopes) expect(keys).toContain(`${resourceAppIds[resource]}/delegated/${scope}`);
          }
        }
      }),
    );
  });

  test("no service asks for tenant-wide directory write or full mailbox app access", () => {
    const all = backupServices.flatMap((s) => backupAppPermissions[s]).map((p) => p.value);
    for (const broad of [
      "Directory.ReadWrite.All",
      "full_access_as_app",
      "RoleManagement.ReadWrite.Directory",
      "Application.ReadWrite.All",
    ])
      expect(all).not.toContain(broad);
    for (const s of backupServices) for (const p of backupAppPermissions[s]) expect(p.reason.length).toBeGreaterThan(10);
  });

  test("the operator's guide's permission table names every application permission of the data file", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, "..", "..", "docs", "operators-guide.md"), "utf8");
    const start = readme.indexOf("\n## Backup identities");
    const section = readme.slice(start, readme.indexOf("\n## Backup tasks", start));
    for (const s of backupServices) for (const p of backupAppPermissions[s]) expect(section).toContain(`\`${p.value}\``);
  });
});
