import { runtime } from "@pulumi/pulumi";
import type { RecordedResource } from "../mock-runtime/recording-monitor";
import type { StackVerdict } from "./offline-gate";
import { reviewedInputs } from "./reviewed-values";
import { formatRolloutPlan } from "./rollout-plan-report";

const secretSig: string = runtime.specialSigKey;

function secretInputs(r: RecordedResource): string[] {
  return Object.entries(r.inputs)
    .filter(([, v]) => v !== null && typeof v === "object" && secretSig in (v as object))
    .map(([k]) => k);
}

/** The resources as a tree by parent, one line each, with the options a reviewer cares about. */
export function resourceTree(resources: readonly RecordedResource[]): string[] {
  const children = new Map<string, RecordedResource[]>();
  for (const r of resources) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
  const known = new Set(resources.map((r) => r.urn));
  const lines: string[] = [];
  const walk = (r: RecordedResource, depth: number) => {
    const notes = [
      r.protect ? "protect" : "",
      r.retainOnDelete ? "retainOnDelete" : "",
      ...secretInputs(r).map((k) => `secret ${k}`),
    ].filter(Boolean);
    lines.push(`${"  ".repeat(depth)}+ ${r.type}  ${r.name}${notes.length ? `  [${notes.join(", ")}]` : ""}`);
    for (const c of children.get(r.urn) ?? []) walk(c, depth + 1);
  };
  for (const r of resources.filter((x) => !x.parent || !known.has(x.parent))) walk(r, 0);
  return lines;
}

export function formatVerdict(v: StackVerdict): string {
  const out: string[] = [`Stack ${v.stack} (${v.file})`];
  if (v.environments.length) out.push(`  ESC environments (resolved only by pulumi itself): ${v.environments.join(", ")}`);
  if (v.configProblems.length) {
    out.push("  Config: INVALID", ...v.configProblems.map((p) => `    - ${p}`));
  } else {
    out.push("  Config: valid");
  }
  if (v.access) out.push("  Who gets access:", ...v.access.map((l) => `    ${l}`));
  if (v.programError) out.push(`  Program failed: ${v.programError}`);
  if (v.resources.length) {
    out.push(`  Resources that would be created (${v.resources.length}):`, ...resourceTree(v.resources).map((l) => `    ${l}`));
  }
  if (v.rollout) {
    out.push(...formatRolloutPlan(v.rollout));
  } else if (!v.configProblems.length && !v.programError) {
    out.push("  Rollout plan: none (no ActivationRollout in this stack)");
  }
  if (v.consoleSteps?.length) {
    out.push("  Backup tasks to make in the CloudAlly console (vendorApi.capabilities public; the next pulumi up adopts each):");
    for (const steps of v.consoleSteps) out.push(...steps.split("\n").map((l) => `    ${l}`));
  }
  if (!v.configProblems.length && !v.programError) {
    const mandatory = v.violations.filter((x) => x.enforcementLevel === "mandatory").length;
    const ran = v.policies ? ` (${v.policies.length} policies ran)` : "";
    out.push(
      `  Policy verdicts${ran}: ${v.violations.length === 0 ? "all policies pass" : `${v.violations.length} violation(s), ${mandatory} mandatory`}`,
    );
    for (const p of v.policies ?? [])
      out.push(
        `    ${p.violations === 0 ? "pass" : p.enforcementLevel === "mandatory" ? "FAIL" : "warn"}  ${p.name} [${p.enforcementLevel}]${p.violations > 0 ? `: ${p.violations} violation(s)` : ""}`,
      );
    for (const x of v.violations)
      out.push(`    [${x.enforcementLevel}] ${x.policyName}: ${x.message}${x.urn ? `\n        at ${x.urn}` : ""}`);
  }
  // With invalid config or a failed program no policy ran, but the stack file's own checks did: every mistake at once.
  if ((v.configProblems.length || v.programError) && v.violations.length)
    out.push("  Stack-file checks:", ...v.violations.map((x) => `    [${x.enforcementLevel}] ${x.policyName}: ${x.message}`));
  out.push(`  Result: ${v.passed ? "PASS" : "FAIL"}`);
  return out.join("\n");
}

/** The machine-readable verdict (CI annotations, dashboards, the pull request's diff); secrets masked. */
export function verdictJson(v: StackVerdict): Record<string, unknown> {
  return {
    stack: v.stack,
    file: v.file,
    passed: v.passed,
    configProblems: v.configProblems,
    ...(v.access ? { access: v.access } : {}),
    ...(v.programError ? { programError: v.programError } : {}),
    environments: v.environments,
    ...(v.config ? { config: v.config } : {}),
    resources: v.resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      parent: r.parent || undefined,
      protect: r.protect,
      secretInputs: secretInputs(r),
      inputs: reviewedInputs(r),
    })),
    rollout: v.rollout ?? null,
    ...(v.consoleSteps ? { consoleSteps: v.consoleSteps } : {}),
    ...(v.policies ? { policies: v.policies } : {}),
    ...(v.onboardingRequest ? { onboardingRequest: v.onboardingRequest } : {}),
    violations: v.violations,
  };
}
