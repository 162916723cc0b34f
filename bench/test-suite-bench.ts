import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

/**
 * `npm run bench -- suite`: runs the jest suite as `npm test` does (2 workers) and prints its wall time and
 * the peak resident memory of the largest jest worker, sampled from /proc every 250 ms. Figures, not a
 * pass/fail: the README states what this machine measured.
 */
const projectDir = path.resolve(__dirname, "..");

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(fs.readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1].split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while it was read.
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => (children.get(pid) ?? []).forEach((c) => (out.push(c), walk(c)));
  walk(root);
  return out;
}

function rssMb(pid: number): number {
  try {
    const line = fs
      .readFileSync(`/proc/${pid}/status`, "utf8")
      .split("\n")
      .find((l) => l.startsWith("VmRSS:"));
    return line ? Number(line.split(/\s+/)[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** What a process is, shortly: jest worker, policy pack, gate, emulator. */
function commandOf(pid: number): string {
  try {
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    const script = args.find((a) => /\.(js|ts)$/.test(a) && !a.includes("ts-node")) ?? args[0] ?? "?";
    return path.relative(projectDir, script).replace(/^node_modules\//, "");
  } catch {
    return "?";
  }
}

export async function testSuiteBenchRows(): Promise<string[][]> {
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(projectDir, "node_modules", "jest", "bin", "jest.js"), "--ci", "--silent"], {
    cwd: projectDir,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const peak = new Map<number, number>();
  const what = new Map<number, string>();
  const timer = setInterval(() => {
    for (const pid of descendants(child.pid!)) {
      peak.set(pid, Math.max(peak.get(pid) ?? 0, rssMb(pid)));
      if (!what.has(pid)) what.set(pid, commandOf(pid));
    }
  }, 250);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearInterval(timer);
  const seconds = (Date.now() - started) / 1000;
  const summary = /Tests:\s+(.*)/.exec(stderr)?.[1] ?? "(no summary)";
  const largest = [...peak.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4);
  return [
    ["Figure", "Value"],
    ["jest wall time (2 workers)", `${seconds.toFixed(0)} s`],
    ...largest.map(([pid, mb], i) => [`process ${i + 1} by peak RSS: ${what.get(pid) ?? "?"}`, `${mb.toFixed(0)} MB`]),
    ["processes seen", String(peak.size)],
    ["result", `exit ${code}; ${summary}`],
  ];
}
