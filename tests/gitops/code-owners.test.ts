import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { execFileSync } from "child_process";
import { parse } from "yaml";
import { projectDir } from "./fleet-fixtures";

/**
 * Review covers what runs: every file the deploy job runs or reads must be owned by the security
 * reviewers. The list is derived, not written: the import closure of what the deploy job starts
 * (the program, the policy pack, the gate, the stack lister) and of every runtime a serialized
 * provider loads, plus the files Pulumi and npm read there.
 */
const securityReviewers = "@m365-backup/security-reviewers";

interface Rule {
  pattern: string;
  owners: string[];
  matches: (file: string) => boolean;
}

/** CODEOWNERS patterns follow .gitignore: a leading / anchors at the root, a trailing / is a folder, * stays within a name. */
function rule(pattern: string, owners: string[]): Rule {
  const anchored = pattern.startsWith("/") || pattern.slice(0, -1).includes("/");
  const body = pattern
    .replace(/^\//, "")
    .replace(/\/$/, "/**")
    .split(/(\*\*|\*)/)
    .map((part) => (part === "**" ? ".*" : part === "*" ? "[^/]*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  const re = new RegExp(`${anchored ? "^" : "(^|/)"}${body}(/.*)?$`);
  return { pattern, owners, matches: (file) => re.test(file) };
}

const rules = fs
  .readFileSync(path.join(projectDir, ".github", "CODEOWNERS"), "utf8")
  .split("\n")
  .filter((l) => l.trim() && !l.trim().startsWith("#"))
  .map((l) => l.trim().split(/\s+/))
  .map(([pattern, ...owners]) => rule(pattern, owners));

/** GitHub's rule: the last matching pattern decides; a pattern without owners leaves the file unowned. */
function ownersOf(file: string): string[] {
  return [...rules].reverse().find((r) => r.matches(file))?.owners ?? [];
}

function resolveModule(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.js`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** Every project file reachable from the entries through import, require and import(). */
function importClosure(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = entries.map((e) => path.join(projectDir, e));
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
    for (const imported of info.importedFiles) {
      if (!imported.fileName.startsWith(".")) continue;
      const target = resolveModule(file, imported.fileName);
      if (target) queue.push(target);
    }
  }
  return new Set([...seen].map((f) => path.relative(projectDir, f)));
}

const stateStoredRuntimes = fs
  .readFileSync(path.join(projectDir, "infra", "providers", "state-stored-runtime-paths.txt"), "utf8")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith("#"));

const tracked = execFileSync("git", ["ls-files"], { cwd: projectDir, encoding: "utf8" }).split("\n").filter(Boolean);

/** What the deploy job runs or reads: derived from the workflow's commands and the program's entry points. */
function filesTheDeployRuns(): string[] {
  const pulumiProject = parse(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as { main: string };
  const code = importClosure([
    pulumiProject.main,
    "policies/index.ts",
    "tools/gate/plan.ts",
    "tools/fleet/list-stacks.ts",
    ...stateStoredRuntimes,
  ]);
  const read = tracked.filter(
    (f) =>
      /^Pulumi(\.[^/]+)?\.ya?ml$/.test(f) ||
      /^\.github\//.test(f) ||
      /^\.ci\//.test(f) ||
      /^docs\/esc\//.test(f) ||
      ["package.json", "package-lock.json", "tsconfig.json", "docs/security.md"].includes(f) ||
      /^policies\/[^/]+\.(ya?ml|json)$/.test(f) ||
      f === "infra/providers/state-stored-runtime-paths.txt",
  );
  return [...new Set([...code, ...read])].sort();
}

describe("CODEOWNERS", () => {
  it("gives every file the deploy job runs or reads to the security reviewers, whatever its name", () => {
    const files = filesTheDeployRuns();
    // The closure really followed the program: the providers' runtimes and the config sections are in it.
    expect(files).toEqual(
      expect.arrayContaining(["infra/index.ts", "infra/providers/runtime-loader.ts", "infra/config/sections/tenant.ts", "Pulumi.dev.yaml"]),
    );
    expect(files.length).toBeGreaterThan(100);
    const notReviewed = files.filter((f) => !ownersOf(f).includes(securityReviewers));
    expect(notReviewed).toEqual([]);
  });

  it("owns a file nobody has listed yet: the default is the security reviewers, the carve-outs are named", () => {
    expect(ownersOf("infra/some-new-folder/new-file.ts")).toEqual([securityReviewers]);
    expect(ownersOf("Pulumi.newtenant.yaml")).toEqual([securityReviewers]);
    expect(ownersOf("tests/anything.test.ts")).not.toContain(securityReviewers);
  });

  it("names on every line an owner and a path that exists", () => {
    for (const r of rules) {
      expect({ pattern: r.pattern, owned: r.owners.length > 0 }).toEqual({ pattern: r.pattern, owned: true });
      expect({ pattern: r.pattern, exists: r.pattern === "*" || tracked.some((f) => r.matches(f)) }).toEqual({
        pattern: r.pattern,
        exists: true,
      });
    }
  });
});
