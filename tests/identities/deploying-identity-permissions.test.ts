import * as fs from "fs";
import * as path from "path";
import { graphCallPermissions, providerResourcePermissions } from "../../infra/identity/deploying-identity-permissions";
import { allowedResourceTypes } from "../../policies/resource-types-allow-list";
import { deployingIdentityDoc, deployingIdentityDocPath } from "../../tools/config-reference/deploying-identity";

const projectDir = path.resolve(__dirname, "..", "..");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}

/** The code without its comments: a path in a doc comment is not a call. */
function code(file: string): string {
  return fs
    .readFileSync(file, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .split("\n")
    .filter((line) => !line.trim().startsWith("//"))
    .join("\n");
}

/** Microsoft Graph's top-level segments; a string in the code that starts with one is a request path. */
const graphRoots =
  "users|groups|sites|roleManagement|subscribedSkus|\\$batch|organization|servicePrincipals|applications|directoryRoles|reports|me|policies|identity|drives|teams";
const pathLiteral = new RegExp(`[\`"'](/(?:${graphRoots})(?:[/?][^\`"']*)?)(?=[\`"'$])`, "g");

/** A request path as the table writes it: ids as {id}, no query. */
function normalise(p: string): string {
  return p
    .replace(/\$\{[^}]*\}?\)?/g, "{id}")
    .split("?")[0]
    .replace(/\/+$/, "");
}

/** Every Graph request path the program and runtimes can send, read from infra/ (components/ declares resources only). */
function graphPathsInCode(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(path.join(projectDir, "infra"))) {
    for (const m of code(file).matchAll(pathLiteral)) {
      const p = normalise(m[1]);
      found.set(p, [...(found.get(p) ?? []), path.relative(projectDir, file)]);
    }
  }
  return found;
}

const pathOf = (what: string) => what.split(" ")[1];

describe("the deploying identities' permission table covers what the code does, and nothing else", () => {
  const inCode = graphPathsInCode();

  test("the scan finds the calls it must (it cannot pass by finding nothing)", () => {
    for (const p of [
      "/users/$count",
      "/users/delta",
      "/subscribedSkus",
      "/$batch",
      "/roleManagement/directory/roleAssignmentScheduleRequests",
      "/users/{id}/assignLicense",
    ])
      expect([...inCode.keys()]).toContain(p);
  });

  test("every Graph call in the code has a row naming its permission and source", () => {
    const covered = new Set(graphCallPermissions.map((r) => pathOf(r.what)));
    const missing = [...inCode].filter(([p]) => !covered.has(p)).map(([p, files]) => `${p} (${files.join(", ")})`);
    expect(missing).toEqual([]);
  });

  test("every row's call is still made by the code", () => {
    expect(graphCallPermissions.map((r) => pathOf(r.what)).filter((p) => !inCode.has(p))).toEqual([]);
  });

  test("every row names a least privileged permission and a published source", () => {
    for (const r of [...graphCallPermissions, ...providerResourcePermissions]) {
      expect(r.permission).toMatch(/\S/);
      expect(r.source).toMatch(/^https:\/\/(learn\.microsoft\.com|registry\.terraform\.io)\//);
      expect(r.identities.length).toBeGreaterThan(0);
    }
    // The row for a write never names a read permission, and RoleManagement.ReadWrite.Directory is not asked for PIM.
    for (const r of graphCallPermissions.filter((x) => /^(POST|PATCH|DELETE) /.test(x.what) && x.what !== "POST /$batch"))
      expect(r.permission).toMatch(/ReadWrite/);
    expect(graphCallPermissions.find((r) => r.what.includes("roleAssignmentScheduleRequests"))!.permission).toBe(
      "RoleAssignmentSchedule.ReadWrite.Directory",
    );
  });

  test("every provider resource type the module may declare (the pack's allow-list) has a row, and no row names another", () => {
    const declared = Object.keys(allowedResourceTypes).filter((t) => /^(azuread|azure-native):/.test(t));
    const rows = new Set(providerResourcePermissions.filter((r) => r.kind !== "key-vault").map((r) => r.what));
    expect(declared.filter((t) => !rows.has(t))).toEqual([]);
    const dataSources = [...rows].filter((t) => !declared.includes(t));
    // Only data sources (invokes) are outside the resource allow-list; each is called in components/.
    for (const t of dataSources) {
      const fn = /:(get\w+)$/.exec(t)?.[1];
      expect(fn).toBeDefined();
      const used = sourceFiles(path.join(projectDir, "components")).some((f) => code(f).includes(`azuread.${fn}`));
      expect(used).toBe(true);
    }
  });

  test("the vendor's service principal needs Application.ReadWrite.All: the deploy owns neither the vendor's app nor its principal", () => {
    const vendor = providerResourcePermissions.find((r) => r.what.endsWith(":ServicePrincipal") && r.when?.consent === "vendor-app");
    expect(vendor?.permission).toBe("Application.ReadWrite.All");
  });

  test("docs/deploying-identity.md is generated from the table (npm run deploying-identity -- --write)", () => {
    expect(fs.readFileSync(deployingIdentityDocPath, "utf8")).toBe(deployingIdentityDoc());
  });
});
