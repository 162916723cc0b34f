import * as fs from "fs";
import * as path from "path";
import { enterpriseMailboxThreshold } from "../../infra/backup-tasks/task-plan";
import { cursorFullReadDays } from "../../infra/discovery/discovery-cursor";
import { partnerPageSize } from "../../infra/cloudally/cloudally-client";
import { defaultPartnerSources } from "../../infra/cloudally/partner-reads";
import { resourceAppIds } from "../../infra/identity/backup-app-permissions";
import { directoryRoleTemplateIds } from "../../infra/identity/directory-roles";
import * as limits from "../../infra/planner/throttling-limits";
import { servicePlanIds } from "../../infra/licensing/tenant-service-plans";

/** docs/facts.md is the ledger of external facts; these tests hold the code's constants to it. */
const ledger = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "facts.md"), "utf8");
const rows = (header: RegExp) => {
  const start = ledger.split("\n").findIndex((l) => header.test(l));
  expect(start).toBeGreaterThanOrEqual(0);
  const lines: string[][] = [];
  for (const line of ledger.split("\n").slice(start + 2)) {
    if (!line.startsWith("|")) break;
    lines.push(
      line
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  }
  return lines;
};
const num = (cell: string) => Number(cell.replace(/,/g, ""));

test("the SharePoint limit bands in the code are the ledger's, edges and all", () => {
  const table = rows(/^\| Licences \| App units per minute/).map(([licences, perMinute, per24Hours, tenant]) => ({
    upToLicences: licences.endsWith("+") ? Number.POSITIVE_INFINITY : num(licences.split("-")[1]),
    appUnitsPerMinute: num(perMinute),
    appUnitsPer24Hours: num(per24Hours),
    tenantUnitsPer5Minutes: num(tenant),
  }));
  expect(table).toEqual(limits.sharePointLimitBands);
});

test("every checked constant in the code equals the ledger, and the ledger names no constant the test does not know", () => {
  const actual: Record<string, string | number> = {
    "sharePointCallCost.singleItemRead": limits.sharePointCallCost.singleItemRead,
    "sharePointCallCost.listOrWrite": limits.sharePointCallCost.listOrWrite,
    "sharePointCallCost.permission": limits.sharePointCallCost.permission,
    tenantBucketShareForBackup: limits.tenantBucketShareForBackup,
    exchangeRequestsPerMailboxPer10Minutes: limits.exchangeRequestsPerMailboxPer10Minutes,
    exchangeConcurrentRequestsPerMailbox: limits.exchangeConcurrentRequestsPerMailbox,
    ...Object.fromEntries(
      limits.directoryResourceUnitsPer10Seconds.map((b, i) => [`directoryResourceUnitsPer10Seconds[${i}]`, b.unitsPer10Seconds]),
    ),
    graphMaxPageSize: limits.graphMaxPageSize,
    enterpriseMailboxThreshold,
    ...Object.fromEntries(Object.entries(directoryRoleTemplateIds).map(([k, v]) => [`directoryRoleTemplateIds.${k}`, v])),
    ...Object.fromEntries(Object.entries(resourceAppIds).map(([k, v]) => [`resourceAppIds.${k}`, v])),
    ...Object.fromEntries(Object.entries(defaultPartnerSources).map(([k, v]) => [`defaultPartnerSources.${k}`, v])),
    partnerPageSize,
    ...Object.fromEntries(Object.entries(servicePlanIds).map(([k, v]) => [`servicePlanIds.${k}`, v])),
  };
  const documented = Object.fromEntries(
    rows(/^\| Constant \| Value \| Source/).map(([constant, value]) => [constant.replace(/`/g, ""), value]),
  );
  expect(Object.keys(documented).sort()).toEqual(Object.keys(actual).sort());
  for (const [key, value] of Object.entries(actual)) expect({ key, value: String(value) }).toEqual({ key, value: documented[key] });
});

test("directory band edges follow Microsoft's sizes: 49 users is small, 50 and 500 are medium, 501 is large", () => {
  expect([49, 50, 500, 501].map(limits.directoryUnitsPer10Seconds)).toEqual([3_500, 5_000, 5_000, 8_000]);
});

test("the cursor's full-read interval is the ledger's (an assumption, labelled as one)", () => {
  const row = ledger.split("\n").find((l) => l.includes("`cursorFullReadDays`"));
  expect(row).toContain(`| ${cursorFullReadDays} days |`);
  expect(row).toContain("**assumption**");
});
