import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";

export const projectDir = path.resolve(__dirname, "..", "..");

/** A stack file derived from Pulumi.dev.yaml: `change` edits its config, `environments` become its ESC imports. */
export function stackFileText(change: (config: Record<string, unknown>) => void = () => undefined, environments: string[] = []): string {
  const doc = parse(fs.readFileSync(path.join(projectDir, "Pulumi.dev.yaml"), "utf8")) as {
    config: Record<string, unknown>;
    environment?: string[];
  };
  change(doc.config);
  if (environments.length > 0) doc.environment = environments;
  return stringify(doc);
}

/**
 * The example tenant made the n-th distinct one: its own tenant id and task-name prefix, so the fleet's
 * stack files do not collide (fleet-conflicts.ts). `also` makes a further change.
 */
export function asTenant(n: number, also: (config: Record<string, unknown>) => void = () => undefined) {
  return (config: Record<string, unknown>): void => {
    const id = `0f3a6b1e-2c4d-4e8f-9a0b-${n.toString(16).padStart(12, "0")}`;
    config["azuread:tenantId"] = id;
    config["m365-backup:tenant"] = { ...(config["m365-backup:tenant"] as object), id };
    config["m365-backup:backupTasks"] = { ...(config["m365-backup:backupTasks"] as object), namePrefix: `tenant${n}` };
    also(config);
  };
}

export function selfService(config: Record<string, unknown>): void {
  config["m365-backup:rollout"] = { mode: "self-service" };
}

/**
 * A scratch copy of the project's Pulumi.yaml in a git repository, its stack files in `stackConfigDir`
 * when given (the layout for hundreds of tenants) or beside Pulumi.yaml.
 */
export function scratchProject(
  stacks: Record<string, string>,
  stackConfigDir?: string,
): { dir: string; write: (stack: string, text: string) => void; commit: (message: string) => string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-"));
  const project = parse(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
  if (stackConfigDir) project.stackConfigDir = stackConfigDir;
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), stringify(project));
  const write = (stack: string, text: string) => {
    const target = path.join(dir, stackConfigDir ?? ".", `Pulumi.${stack}.yaml`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  };
  for (const [stack, text] of Object.entries(stacks)) write(stack, text);
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8" }).trim();
  git("init", "-q", "-b", "main");
  git("config", "user.email", "fleet@example.invalid");
  git("config", "user.name", "fleet test");
  const commit = (message: string) => {
    git("add", "-A");
    git("commit", "-q", "--allow-empty", "-m", message);
    return git("rev-parse", "HEAD");
  };
  commit("initial");
  return { dir, write, commit };
}
