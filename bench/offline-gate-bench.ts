import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { checkStacks } from "../tools/gate/offline-gate";
import { readStackFileAt, stackNameOf } from "../tools/gate/stack-files";
import { plainStackTraces } from "../tools/mock-runtime/plain-stack-traces";
import { build } from "../tools/package/build";

const projectDir = path.resolve(__dirname, "..");

/** A fleet of generated tenant stacks from the dev stack: distinct names, domains, sizes and modes. */
function generateFleet(count: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "m365-fleet-"));
  const dev = parse(fs.readFileSync(path.join(projectDir, "Pulumi.dev.yaml"), "utf8")) as {
    config: Record<string, Record<string, unknown>>;
  };
  for (let i = 0; i < count; i++) {
    const doc = structuredClone(dev);
    const name = `tenant${String(i).padStart(3, "0")}`;
    doc.config["m365-backup:tenant"] = {
      ...doc.config["m365-backup:tenant"],
      primaryDomain: `${name}.example`,
      initialDomainName: name,
      mailboxCount: 200 + ((i * 7919) % 60_000),
    };
    doc.config["m365-backup:rollout"] = { ...doc.config["m365-backup:rollout"], mode: i % 3 === 0 ? "self-service" : "vendor-managed" };
    fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), stringify(doc));
  }
  return dir;
}

/** The offline gate's time for one tenant and for a generated fleet, policy pack process included. */
export async function offlineGateBenchRows(fleetSize = 200): Promise<string[][]> {
  // As the gate's command runs (tools/gate/plan.ts).
  plainStackTraces();
  const rows = [["stacks", "wall s", "per stack ms", "passed", "heap MB"]];
  const dir = generateFleet(fleetSize);
  for (const n of [1, fleetSize]) {
    const files = fs
      .readdirSync(dir)
      .sort()
      .slice(0, n)
      .map((f) => readStackFileAt(path.join(dir, f), stackNameOf(f), projectDir));
    const t = performance.now();
    const verdicts = await checkStacks(files);
    const s = (performance.now() - t) / 1000;
    rows.push(
      [
        n,
        s.toFixed(1),
        ((s * 1000) / n).toFixed(0),
        `${verdicts.filter((v) => v.passed).length}/${n}`,
        (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0),
      ].map(String),
    );
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return rows;
}

/**
 * One stack cold, as a fleet's pull request runs it: a new process of the package's compiled command
 * (dist/, rebuilt first so that it is this code), policy pack start included. Median of three runs.
 */
export function coldGateBenchRows(runs = 3): string[][] {
  const cli = path.join(projectDir, "dist", "tools", "cli.js");
  build();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const res = spawnSync(process.execPath, [cli, "plan", "--stack", "dev"], { cwd: projectDir, encoding: "utf8" });
    if (res.status !== 0) throw new Error(`the compiled gate failed (exit ${res.status}): ${res.stderr.slice(-500)}`);
    times.push((performance.now() - t) / 1000);
  }
  const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
  return [
    ["command", "runs", "median wall s", "each s"],
    ["m365-backup plan --stack dev (compiled, new process)", String(runs), median.toFixed(2), times.map((t) => t.toFixed(2)).join(", ")],
  ];
}
