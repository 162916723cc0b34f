import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { configNamespace } from "../../infra/config/errors";
import { offlineJudgement } from "../../infra/config/emulator-switch";
import { parseStackConfig } from "../../infra/config/load";
import type { TenantConfig } from "../../infra/config/schema";

/** A tenant stack's settings file as Pulumi reads it (`Pulumi.<stack>.yaml` beside Pulumi.yaml). */
export interface StackFile {
  stack: string;
  file: string;
  /** `<namespace>:<key>` to value, as in the file; secure values replaced by offline placeholders. */
  config: Record<string, unknown>;
  /** Keys whose values are encrypted (`secure:`) in the file; offline they hold placeholders. */
  secretKeys: string[];
  /** ESC environments the stack imports (`environment:`); not resolvable offline, listed in the plan. */
  environments: string[];
}

/** Where Pulumi looks for stack files: Pulumi.yaml's `stackConfigDir`, else the project directory. */
export function stackConfigDir(projectDir: string): string {
  const project = parse(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as { stackConfigDir?: string };
  return project.stackConfigDir ? path.resolve(projectDir, project.stackConfigDir) : projectDir;
}

/** Stack names with a settings file, sorted. */
export function discoverStacks(projectDir: string): string[] {
  return fs
    .readdirSync(stackConfigDir(projectDir))
    .map((f) => /^Pulumi\.([A-Za-z0-9_.-]+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

const declarationFields = new Set(["type", "description", "default", "secret", "items", "value"]);

/**
 * Pulumi.yaml's `config:` as it reaches every stack: a plain value, a `value:`, or a declaration's
 * `default:` (https://www.pulumi.com/docs/iac/concepts/projects/project-file/). The gate reads it like
 * the stack file, so a provider key put there is judged the same way as in a stack file.
 */
export function projectConfig(projectDir: string): Record<string, unknown> {
  const project = parse(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as { config?: Record<string, unknown> };
  const values: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(project.config ?? {})) {
    const full = key.includes(":") ? key : `${configNamespace}:${key}`;
    const declaration =
      entry !== null && typeof entry === "object" && !Array.isArray(entry) && Object.keys(entry).every((k) => declarationFields.has(k));
    if (!declaration) values[full] = entry;
    else if ("value" in entry) values[full] = entry.value;
    else if ("default" in entry) values[full] = entry.default;
  }
  return values;
}

/** Reads `Pulumi.<stack>.yaml` from the project's stack config dir. */
export function readStackFile(projectDir: string, stack: string): StackFile {
  const file = path.join(stackConfigDir(projectDir), `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) {
    throw new Error(
      `No stack file ${path.relative(projectDir, file)}: create it (pulumi stack init ${stack}) or pick one of: ${discoverStacks(projectDir).join(", ")}.`,
    );
  }
  return readStackFileAt(file, stack, projectDir);
}

/** The stack a file elsewhere stands for: `Pulumi.<name>.yaml` is stack <name>, any other `<name>.yaml` too. */
export function stackNameOf(file: string): string {
  const base = path.basename(file);
  return /^Pulumi\.(.+)\.ya?ml$/.exec(base)?.[1] ?? base.replace(/\.ya?ml$/, "");
}

/** Reads a stack file at `file`, named in every error as `shownAs` (what the user typed) or relative to the project. */
export function readStackFileAt(file: string, stack: string, projectDir: string, shownAs?: string): StackFile {
  const shown = shownAs ?? (path.isAbsolute(file) ? path.relative(projectDir, file) || file : file);
  if (!fs.existsSync(file)) throw new Error(`${shown}: no such stack file.`);
  let doc: { config?: Record<string, unknown>; environment?: string[] | { imports?: string[] } };
  try {
    doc = (parse(fs.readFileSync(file, "utf8")) ?? {}) as typeof doc;
  } catch (e) {
    throw new Error(`${shown}: not valid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  if (typeof doc !== "object" || Array.isArray(doc)) throw new Error(`${shown}: not a stack file (expected a mapping with config:).`);
  // The project file's values first: the stack file's own values override them, as Pulumi merges them.
  const config: Record<string, unknown> = fs.existsSync(path.join(projectDir, "Pulumi.yaml")) ? projectConfig(projectDir) : {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(doc.config ?? {})) {
    // A bare key belongs to the project namespace, as Pulumi reads it.
    const full = key.includes(":") ? key : `${configNamespace}:${key}`;
    if (value !== null && typeof value === "object" && "secure" in value) {
      // Encrypted with the stack's secrets provider, which the offline gate never has.
      config[full] = "offline-placeholder";
      secretKeys.push(full);
    } else {
      config[full] = value;
    }
  }
  const env = doc.environment;
  const environments = Array.isArray(env) ? env : (env?.imports ?? []);
  return { stack, file: shown, config, secretKeys, environments };
}

/** The stack's `m365-backup:*` values keyed without the namespace, the shape the config schema validates. */
export function tenantConfigValues(stackFile: StackFile): Record<string, unknown> {
  const prefix = `${configNamespace}:`;
  return Object.fromEntries(
    Object.entries(stackFile.config)
      .filter(([k]) => k.startsWith(prefix) && !stackFile.secretKeys.includes(k))
      .map(([k, v]) => [k.slice(prefix.length), v]),
  );
}

/**
 * A stack file's whole config validated as the program validates it (every namespace, secrets by key),
 * judged offline: an emulator URL is left to the gate's own rule on deployable stacks.
 */
export function stackFileConfig(stackFile: StackFile): TenantConfig {
  return parseStackConfig(tenantConfigValues(stackFile), stackFile.config, (key) => stackFile.secretKeys.includes(key), offlineJudgement);
}
