import type { CoverageReport, HistoryPoint, ServiceCoverage, TenantCoverage } from "../../infra/protection/coverage-report";
import { byService } from "../../infra/services/backup-services";

/**
 * The coverage report as Markdown for a GitHub job summary or a pull-request comment: the fleet at a
 * glance, each tenant's services with the entities that are not protected, drift, and per service a
 * chart of the fleet's protected share by day (Mermaid xychart, which GitHub renders).
 */

const label = byService("displayName");
const n = (v: number | undefined) => (v === undefined ? "–" : v.toLocaleString("en-US"));
const verdictWord: Record<TenantCoverage["verdict"], string> = {
  protected: "protected",
  "not-protected": "**not protected**",
  unverified: "unverified (no Graph listing)",
  error: "**error**",
};
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function sum(services: readonly ServiceCoverage[], pick: (s: ServiceCoverage) => number | undefined): number | undefined {
  const values = services.map(pick);
  return values.some((v) => v === undefined) ? undefined : values.reduce<number>((a, b) => a + (b ?? 0), 0);
}

function tenantSection(t: TenantCoverage): string[] {
  const out = [`### ${t.stack}`, "", `Tenant ${t.tenantId}, ${verdictWord[t.verdict]}, read through ${t.backend}.`, ""];
  out.push("| Service | Task | Discovered | Protected | Not backed up yet | Failing | Stale | Not verified | Unprotected | Orphaned |");
  out.push("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const s of t.services)
    out.push(
      `| ${label[s.service]} | ${cell(s.taskName)} (${s.taskStatus}) | ${n(s.discovered)} | ${n(s.protected)} | ${n(s.activatedNotBackedUp)} | ${n(s.failing)} | ${n(s.stale)} | ${n(s.notVerified)} | ${n(s.unprotected)} | ${n(s.orphaned)} |`,
    );
  const lists: [keyof ServiceCoverage["entities"], string, (s: ServiceCoverage) => number][] = [
    ["unprotected", "Unprotected", (s) => s.unprotected],
    ["failing", "Failing", (s) => s.failing],
    ["stale", "Stale", (s) => s.stale],
    ["notVerified", "Not verified", (s) => s.notVerified],
    ["orphaned", "Orphaned (at the vendor, gone from the directory)", (s) => s.orphaned],
  ];
  for (const s of t.services)
    for (const [key, title, total] of lists) {
      const names = s.entities[key];
      if (names.length === 0) continue;
      const more = total(s) - names.length;
      out.push("", `${title}, ${label[s.service]}: ${names.map((x) => `\`${x}\``).join(", ")}${more > 0 ? ` and ${n(more)} more` : ""}`);
    }
  if (t.drift.length > 0) out.push("", "Drift at the vendor:", "", ...t.drift.map((d) => `- ${d}`));
  if (t.problems.length > 0) out.push("", "Problems:", "", ...t.problems.map((p) => `- ${p}`));
  if (t.proposal && t.proposal.commands.length + t.proposal.notes.length > 0) {
    out.push("", "To adopt the tasks as they are:", "");
    if (t.proposal.commands.length > 0) out.push("```bash", ...t.proposal.commands, "```");
    out.push(...t.proposal.notes.map((x) => `- ${x}`));
  }
  return out;
}

/** One chart per service: the fleet's protected share of what discovery found, by day. */
function charts(history: readonly HistoryPoint[]): string[] {
  const days = [...new Set(history.map((h) => h.day))].sort();
  if (days.length < 2) return [];
  const out = ["", "### Progress", ""];
  for (const service of [...new Set(history.map((h) => h.service))]) {
    const share = days.map((day) => {
      const points = history.filter((h) => h.day === day && h.service === service);
      const found = points.reduce((a, h) => a + (h.discovered ?? h.listed), 0);
      return found === 0 ? 0 : Math.floor((points.reduce((a, h) => a + h.protected, 0) / found) * 1000) / 10;
    });
    out.push(
      "```mermaid",
      "xychart-beta",
      `  title "${label[service]}: protected, % of discovered (fleet)"`,
      `  x-axis [${days.map((d) => `"${d.slice(5)}"`).join(", ")}]`,
      '  y-axis "%" 0 --> 100',
      `  line [${share.join(", ")}]`,
      "```",
      "",
    );
  }
  return out;
}

export function coverageMarkdown(report: CoverageReport): string {
  const out = [
    `## Backup coverage, ${report.generatedAt.slice(0, 10)}`,
    "",
    `Protected means listed by the backup service with a successful backup within ${report.protectionWindowHours} hours. Entities created in the last ${report.graceHours} hours do not count against a tenant yet.`,
    "",
    "| Tenant | Verdict | Discovered | Protected | Not protected beyond grace | Orphaned |",
    "|---|---|---:|---:|---:|---:|",
    ...report.tenants.map(
      (t) =>
        `| ${t.stack} | ${verdictWord[t.verdict]} | ${n(sum(t.services, (s) => s.discovered))} | ${n(sum(t.services, (s) => s.protected))} | ${n(sum(t.services, (s) => s.breaches))} | ${n(sum(t.services, (s) => s.orphaned))} |`,
    ),
  ];
  if (report.tenants.length > 1) {
    out.push("", "### Fleet, per service", "", "| Service | Discovered | Protected | Not protected beyond grace | Orphaned |", "|---|---:|---:|---:|---:|");
    for (const t of report.totals) out.push(`| ${label[t.service]} | ${n(t.discovered)} | ${n(t.protected)} | ${n(t.breaches)} | ${n(t.orphaned)} |`);
  }
  out.push(...charts(report.history));
  for (const t of report.tenants) out.push("", ...tenantSection(t));
  return `${out.join("\n")}\n`;
}
