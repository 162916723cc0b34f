import * as fs from "fs";
import { parseArgs } from "util";
import { z } from "zod";
import { exitAfterOutput } from "./exit-after-output";

const usage = `Usage: npm run --silent plan-diff -- --base <verdicts.json> --head <verdicts.json> [--out <file.md>] [--help]

What a pull request changes, stack by stack, as a reviewer reads a pulumi preview --diff: the stack file's
config values changed (secrets masked), resources added, removed and changed with their changed inputs,
the rollout plan's change (days, waves) and the policy verdicts that change; then a fleet summary. Both
files are the gate's --json output: the base branch's gate on the base, this branch's on the head.
  --base <file>   npm run plan -- --all --json, run at the base
  --head <file>   the same, run at the head
  --out <file>    also write the Markdown there (the job summary, the pull-request comment)
Exit code 0 when the diff is written, 2 on any failure.`;

/** The parts of the gate's verdict JSON (plan-report.ts verdictJson) the diff reads; anything else is ignored. */
const verdictSchema = z.object({
  stack: z.string(),
  file: z.string(),
  passed: z.boolean(),
  configProblems: z.array(z.string()),
  programError: z.string().optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  resources: z.array(
    z.object({ urn: z.string(), type: z.string(), name: z.string(), inputs: z.record(z.string(), z.unknown()).optional() }),
  ),
  rollout: z
    .object({ daysToFullProtection: z.number(), days: z.array(z.object({ day: z.number() }).passthrough()) })
    .passthrough()
    .nullable(),
  violations: z.array(z.object({ policyName: z.string(), enforcementLevel: z.string(), message: z.string() })),
});
type Verdict = z.infer<typeof verdictSchema>;
const verdictsSchema = z.array(verdictSchema);

/** A value's leaves by property path (`a.b[0]`), for a change list of what differs. */
function leaves(value: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: unknown, p: string) => {
    if (Array.isArray(v)) {
      if (v.length === 0) out.set(p, "[]");
      v.forEach((x, i) => walk(x, `${p}[${i}]`));
    } else if (v !== null && typeof v === "object") {
      const entries = Object.entries(v);
      if (entries.length === 0) out.set(p, "{}");
      for (const [k, x] of entries) walk(x, p ? `${p}.${k}` : k);
    } else out.set(p, JSON.stringify(v));
  };
  walk(value, prefix);
  return out;
}

/** `path: old → new` for every leaf that differs, at most `limit` of them. */
function changedLeaves(before: unknown, after: unknown, limit = 25): string[] {
  const a = leaves(before);
  const b = leaves(after);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  const lines = keys
    .filter((k) => a.get(k) !== b.get(k))
    .map((k) => `\`${k}\`: ${a.has(k) ? cut(a.get(k)!) : "(unset)"} → ${b.has(k) ? cut(b.get(k)!) : "(unset)"}`);
  return lines.length > limit ? [...lines.slice(0, limit), `... and ${lines.length - limit} more`] : lines;
}

const cut = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}...` : text);
const mandatoryCount = (v: Verdict) => v.violations.filter((x) => x.enforcementLevel === "mandatory").length;
const state = (v: Verdict) =>
  v.configProblems.length
    ? "invalid config"
    : v.programError
      ? "program failed"
      : v.passed
        ? "pass"
        : `${mandatoryCount(v)} mandatory violation(s)`;

function rolloutChange(base: Verdict["rollout"], head: Verdict["rollout"]): string[] {
  if (!base && !head) return [];
  if (!base) return [`Rollout: new, ${head!.daysToFullProtection} day(s), ${head!.days.length} wave day(s)`];
  if (!head) return ["Rollout: removed"];
  const lines: string[] = [];
  if (base.daysToFullProtection !== head.daysToFullProtection)
    lines.push(`Rollout: ${base.daysToFullProtection} → ${head.daysToFullProtection} day(s) to full protection`);
  const waves = changedLeaves(base.days, head.days, 10);
  if (waves.length) lines.push("Rollout waves changed:", ...waves.map((w) => `  - ${w}`));
  return lines;
}

function stackDiff(base: Verdict, head: Verdict): string[] {
  const lines: string[] = [];
  const config = changedLeaves(base.config ?? {}, head.config ?? {});
  if (config.length) lines.push("Config:", ...config.map((c) => `  - ${c}`));
  const before = new Map(base.resources.map((r) => [r.urn, r]));
  const after = new Map(head.resources.map((r) => [r.urn, r]));
  const added = head.resources.filter((r) => !before.has(r.urn));
  const removed = base.resources.filter((r) => !after.has(r.urn));
  const changed = head.resources.filter((r) => before.has(r.urn) && JSON.stringify(before.get(r.urn)!.inputs) !== JSON.stringify(r.inputs));
  for (const r of added) lines.push(`+ ${r.type}  ${r.name}`);
  for (const r of removed) lines.push(`- ${r.type}  ${r.name}`);
  for (const r of changed)
    lines.push(`~ ${r.type}  ${r.name}`, ...changedLeaves(before.get(r.urn)!.inputs ?? {}, r.inputs ?? {}, 10).map((c) => `    ${c}`));
  lines.push(...rolloutChange(base.rollout, head.rollout));
  const key = (x: Verdict["violations"][number]) => `[${x.enforcementLevel}] ${x.policyName}: ${x.message}`;
  const was = new Set(base.violations.map(key));
  const now = new Set(head.violations.map(key));
  for (const v of now) if (!was.has(v)) lines.push(`Policy: new ${cut(v)}`);
  for (const v of was) if (!now.has(v)) lines.push(`Policy: gone ${cut(v)}`);
  for (const p of head.configProblems.filter((x) => !base.configProblems.includes(x))) lines.push(`Config problem: ${cut(p)}`);
  if (state(base) !== state(head)) lines.push(`Verdict: ${state(base)} → ${state(head)}`);
  return lines;
}

/** The diff as Markdown, one section per stack that changes, then the fleet's summary. */
export function planDiff(base: readonly Verdict[], head: readonly Verdict[]): string {
  const was = new Map(base.map((v) => [v.stack, v]));
  const now = new Map(head.map((v) => [v.stack, v]));
  const sections: string[] = [];
  for (const v of head) {
    const old = was.get(v.stack);
    const body = old
      ? stackDiff(old, v)
      : [
          `New stack (${v.file}): ${v.resources.length} resource(s), ${state(v)}`,
          ...v.configProblems.map((p) => `Config problem: ${cut(p)}`),
        ];
    if (body.length) sections.push(`### ${v.stack}${old ? "" : " (new)"}`, "", "```diff", ...body, "```", "");
  }
  for (const v of base) if (!now.has(v.stack)) sections.push(`### ${v.stack} (removed)`, "", `The stack file ${v.file} is gone.`, "");
  const failed = head.filter((v) => !v.passed);
  const violations = head.reduce((n, v) => n + v.violations.length, 0);
  return [
    "## What this pull request changes",
    "",
    ...(sections.length ? sections : ["No stack changes: the same resources, inputs, plans and verdicts as the base.", ""]),
    `**Fleet:** ${head.length} stack(s) checked, ${head.length - failed.length} pass, ${failed.length} fail${failed.length ? ` (${failed.map((v) => v.stack).join(", ")})` : ""}; ${violations} policy violation(s), ${head.reduce((n, v) => n + mandatoryCount(v), 0)} mandatory.`,
    "",
  ].join("\n");
}

function readVerdicts(file: string): Verdict[] {
  const parsed = verdictsSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${file} is not the gate's --json output (${issue.path.join(".") || "(root)"}: ${issue.message}); write it with npm run --silent plan -- --all --json.`,
    );
  }
  return parsed.data;
}

export function main(argv: readonly string[]): number {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { base: { type: "string" }, head: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(`${usage}\n`);
      return 0;
    }
    if (!values.base || !values.head) throw new Error("give --base <file> and --head <file>");
    const text = planDiff(readVerdicts(values.base), readVerdicts(values.head));
    if (values.out) fs.writeFileSync(values.out, text);
    process.stdout.write(text);
    return 0;
  } catch (e) {
    process.stderr.write(`plan-diff: ${(e as Error).message}\n\n${usage}\n`);
    return 2;
  }
}

if (require.main === module) exitAfterOutput(main(process.argv.slice(2)));
