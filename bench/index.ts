import { parseArgs } from "util";
import { coverageBenchRows } from "./coverage-bench";
import { deltaBenchRows, discoveryBenchRows } from "./discovery-bench";
import { noChangeUpBenchRows } from "./no-change-up-bench";
import { coldGateBenchRows, offlineGateBenchRows } from "./offline-gate-bench";
import { plannerBenchRows } from "./planner-bench";
import { testSuiteBenchRows } from "./test-suite-bench";

/** Prints benchmark figures as markdown tables (`npm run bench`); figures, not pass/fail. */
function table(title: string, rows: string[][]): string {
  const [head, ...body] = rows;
  return [
    `## ${title}`,
    "",
    `| ${head.join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
    ...body.map((r) => `| ${r.join(" | ")} |`),
    "",
  ].join("\n");
}

const benches = ["planner", "discovery", "delta", "no-change", "coverage", "gate", "suite"] as const;
const usage = `Usage: npm run bench [-- <bench> ...]   (benches: ${benches.join(", ")}; all when none is named)

Prints performance figures as Markdown tables: figures, not pass/fail. "suite" (the whole jest suite,
several minutes) runs only when named.`;

async function main(): Promise<void> {
  let parsed: { values: { help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({ options: { help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (e) {
    console.error(`bench: ${(e as Error).message}\n${usage}`);
    process.exit(2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage);
    return;
  }
  const unknown = positionals.filter((p) => !(benches as readonly string[]).includes(p));
  if (unknown.length > 0) {
    console.error(`bench: unknown bench ${unknown.join(", ")}\n${usage}`);
    process.exit(2);
  }
  const want = (name: string) => positionals.length === 0 || positionals.includes(name);
  if (want("planner")) console.log(table("Activation planner: days to full protection against the throttling floor", plannerBenchRows()));
  if (want("discovery"))
    console.log(table("Discovery: Graph requests per kind against ceil(N/999), loopback emulator", await discoveryBenchRows()));
  if (want("delta"))
    console.log(
      table(
        "Discovery, lists mode, daily run after 1% churn: full read against following the cursor (100,000 users)",
        await deltaBenchRows(),
      ),
    );
  if (want("no-change"))
    console.log(table("A pulumi up that changes nothing: vendor calls per run (25,000-mailbox tenant)", await noChangeUpBenchRows()));
  if (want("coverage"))
    console.log(table("npm run coverage: requests and wall time, public-only vendor emulator on loopback", await coverageBenchRows()));
  if (positionals.includes("suite"))
    console.log(table("The test suite on this machine: wall time and peak memory per process", await testSuiteBenchRows()));
  if (want("gate"))
    console.log(
      table("Offline gate: one tenant and a generated fleet", await offlineGateBenchRows(Number(process.env.BENCH_FLEET ?? 200))),
    );
  if (want("gate")) console.log(table("Offline gate: one stack cold, as a fleet runs it", coldGateBenchRows()));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
