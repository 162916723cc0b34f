import * as fs from "fs";
import * as path from "path";
import type { CoverageReport } from "../../infra/protection/coverage-report";
import { runGeneratorCommand } from "../config-reference/generator-command";
import { coverageMarkdown } from "./coverage-markdown";

/**
 * The sample of the coverage Markdown the operator's guide shows, rendered by the real renderer from a
 * small fixed report, so the guide cannot show what the command does not print (a test keeps it current).
 */
const guidePath = path.resolve(__dirname, "..", "..", "docs", "operators-guide.md");
const start = "<!-- coverage-sample:start -->";
const end = "<!-- coverage-sample:end -->";

const service = (over: Partial<CoverageReport["tenants"][number]["services"][number]>) => ({
  service: "exchange" as const,
  taskName: "Contoso Exchange backup",
  taskStatus: "active",
  listed: 0,
  protected: 0,
  activatedNotBackedUp: 0,
  failing: 0,
  stale: 0,
  notVerified: 0,
  unprotected: 0,
  orphaned: 0,
  duplicateRows: 0,
  breaches: 0,
  entities: { unprotected: [], failing: [], stale: [], activatedNotBackedUp: [], notVerified: [], orphaned: [] },
  ...over,
});

export const sampleReport: CoverageReport = {
  version: 1,
  generatedAt: "2026-12-07T06:10:00.000Z",
  protectionWindowHours: 36,
  graceHours: 48,
  tenants: [
    {
      stack: "contoso",
      tenantId: "0f3a6b1e-2c4d-4e8f-9a0b-1c2d3e4f5a6b",
      backend: "cloudally-public",
      verdict: "not-protected",
      services: [
        service({
          taskId: "4711",
          discovered: 2400,
          listed: 2402,
          protected: 2396,
          failing: 1,
          unprotected: 3,
          orphaned: 2,
          breaches: 4,
          entities: {
            unprotected: ["j.doe@contoso.com", "board@contoso.com", "new.hire@contoso.com"],
            failing: ["archive@contoso.com"],
            stale: [],
            activatedNotBackedUp: [],
            notVerified: [],
            orphaned: ["left.2025@contoso.com", "temp@contoso.com"],
          },
        }),
      ],
      drift: [],
      problems: [],
    },
    {
      stack: "fabrikam",
      tenantId: "5e2f8a90-1c3b-4d7e-9f60-2b4a6c8d0e13",
      backend: "cloudally-public",
      verdict: "protected",
      services: [service({ taskId: "4802", taskName: "Fabrikam Exchange backup", discovered: 1200, listed: 1200, protected: 1200 })],
      drift: [],
      problems: [],
    },
  ],
  totals: [{ service: "exchange", discovered: 3600, protected: 3596, breaches: 4, orphaned: 2 }],
  history: ["2026-12-05", "2026-12-06", "2026-12-07"].flatMap((day, i) => [
    { day, stack: "contoso", service: "exchange" as const, protected: [1600, 2380, 2396][i], discovered: 2400, listed: 2402 },
    { day, stack: "fabrikam", service: "exchange" as const, protected: 1200, discovered: 1200, listed: 1200 },
  ]),
};

export function sampleBlock(): string {
  return `${start}\n<!-- Rendered by \`npm run coverage-sample -- --write\` from tools/coverage/coverage-sample.ts. -->\n\n${coverageMarkdown(sampleReport).replace(/^## /m, "#### ").replace(/^### /gm, "##### ")}\n${end}`;
}

export function guideSample(readme = fs.readFileSync(guidePath, "utf8")): string | undefined {
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  return i < 0 || j < 0 ? undefined : readme.slice(i, j + end.length);
}

if (require.main === module) {
  runGeneratorCommand(
    "coverage-sample",
    "Usage: npm run coverage-sample -- [--write]\nPrints the operator's guide's sample of the coverage Markdown; --write puts it between the coverage-sample markers of docs/operators-guide.md.",
    sampleBlock,
    (text) => {
      const guide = fs.readFileSync(guidePath, "utf8");
      const current = guideSample(guide);
      if (current === undefined) throw new Error(`docs/operators-guide.md has no ${start} ... ${end} markers: add them where the sample goes.`);
      fs.writeFileSync(guidePath, guide.replace(current, text));
      return `Updated the coverage sample in ${guidePath}`;
    },
  );
}
