import { withoutUrlCredentials } from "./url-credentials";
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
  // A URL's user name and password never reach an error, a log or a pull-request comment. Only the head
  // is masked and shown: a 5 MB value is cut first, not scanned whole.
  const text = withoutUrlCredentials(JSON.stringify(value).slice(0, 4096));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** What a union expected, from its branches: `a number or "forever"` rather than zod's "Invalid input". */
function unionExpectation(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code !== "invalid_union" || issue.errors.length === 0 || issue.message !== "Invalid input") return undefined;
  const wants = issue.errors.map((branch) => branch[0]?.message.replace(/^Invalid input: /, "") ?? "something else");
  return `must be one of: ${[...new Set(wants)].join("; or ")}`;
}

/** A key as `pulumi config set --path` spells it: list entries in brackets (`a.b[0].c`), never `a.b.0.c`. */
export function keyPath(path: readonly PropertyKey[]): string {
  return path.map((k, i) => (typeof k === "number" ? `[${k}]` : `${i === 0 ? "" : "."}${String(k)}`)).join("");
}

/** The fix for a key: a value for a scalar; for a whole section (an object), its fields one by one. */
function fixFor(path: readonly PropertyKey[], issue: z.core.$ZodIssue): string {
  if (path.length === 0) return "";
  const key = keyPath(path);
  // A rule that knows its own fix says it (a key to remove is not fixed by setting it).
  const own = issue.code === "custom" ? (issue.params as { fix?: unknown } | undefined)?.fix : undefined;
  if (typeof own === "string") return ` Fix: ${own.replaceAll("<key>", key)}`;
  if (issue.code === "invalid_type" && issue.expected === "object") {
    return ` Fix: it is a section; set each field, e.g. pulumi config set --path '${key}.<field>' <value>, or write it in Pulumi.<stack>.yaml as\n      ${configNamespace}:${key}:\n        <field>: <value>\n    (its fields: README, Configuration reference, ${configNamespace}:${String(path[0])}).`;
  }
  if (issue.code === "invalid_type" && issue.expected === "array")
    return ` Fix: pulumi config set --path '${key}[0]' <value> (one per entry), or a YAML list in Pulumi.<stack>.yaml.`;
  return ` Fix: pulumi config set --path '${key}' <value>`;
}

/** One line per issue: the key as `pulumi config set --path` spells it, the bad value, what is wrong and the fix. */
export function describeIssues(raw: unknown, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path;
    const key = `${configNamespace}:${keyPath(path)}`;
    const value = valueAt(raw, issue.path);
    if (issue.code === "unrecognized_keys") {
      const rm = issue.keys.map((k) => `pulumi config rm --path '${keyPath([...path, k])}'`).join("; ");
      return `${key}: unknown key(s) ${issue.keys.join(", ")}. Fix: check the spelling against the configuration reference (docs/configuration.md), or remove them (${rm}).`;
    }
    const what = value === undefined && issue.code === "invalid_type" ? "is required" : (unionExpectation(issue) ?? issue.message);
    return `${key} = ${show(value)}: ${what}.${fixFor(path, issue)}`;
  });
}
