import { z } from "zod";

export const configNamespace = "m365-backup";

/** Raised before any resource is registered when the stack config does not satisfy the schema. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Stack configuration is invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}); nothing was created:\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
    this.name = "ConfigValidationError";
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function show(value: unknown): string {
  if (value === undefined) return "(not set)";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** One line per issue: the key as `pulumi config set --path` spells it, the bad value, what is wrong and the fix. */
export function describeIssues(raw: unknown, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.map(String);
    const key = `${configNamespace}:${path.join(".")}`;
    const value = valueAt(raw, issue.path);
    if (issue.code === "unrecognized_keys") {
      return `${key}: unknown key(s) ${issue.keys.join(", ")}. Fix: remove them or check the spelling against the configuration reference in the README.`;
    }
    const what = value === undefined && issue.code === "invalid_type" ? "is required" : issue.message;
    const fix = path.length > 0 ? ` Fix: pulumi config set --path '${path.join(".")}' <value>` : "";
    return `${key} = ${show(value)}: ${what}.${fix}`;
  });
}
