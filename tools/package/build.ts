import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";

/**
 * Builds the npm package's dist/ (run by `npm pack` through prepack): the program, components, policy
 * pack and commands compiled to JavaScript with their declarations, at the same paths as in the
 * repository, so a provider text's state-stored runtime path (infra/...-runtime.ts) names the compiled
 * runtime under dist/ (infra/providers/runtime-loader.ts). Files the code reads beside itself are copied.
 */
const root = path.resolve(__dirname, "..", "..");
const dist = path.join(root, "dist");
const besideTheCode = ["policies/PulumiPolicy.yaml", "policies/access-allow-list.json"];

export function build(): void {
  fs.rmSync(dist, { recursive: true, force: true });
  const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(__dirname, "tsconfig.json")], {
    cwd: root,
    stdio: "inherit",
  });
  if (tsc.status !== 0) throw new Error(`tsc failed with exit ${tsc.status}`);
  for (const file of besideTheCode) fs.copyFileSync(path.join(root, file), path.join(dist, file));
  // The Graph client names the module's version in its User-Agent, read from the package.json two folders up.
  const { name, version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { name: string; version: string };
  fs.writeFileSync(path.join(dist, "package.json"), `${JSON.stringify({ name: `${name}-dist`, version, private: true }, null, 2)}\n`);
  // Pulumi's policy runner reads the pack's package.json; the compiled pack's entry is index.js.
  const pack = JSON.parse(fs.readFileSync(path.join(root, "policies", "package.json"), "utf8")) as Record<string, unknown>;
  fs.writeFileSync(path.join(dist, "policies", "package.json"), `${JSON.stringify({ ...pack, version, main: "index.js" }, null, 2)}\n`);
  fs.chmodSync(path.join(dist, "tools", "cli.js"), 0o755);
}

const usage = `Usage: npm run --silent build [--help]

Builds the npm package's dist/ (npm pack runs it first): the program, components, policy pack and commands
compiled to JavaScript with declarations, at their repository paths. Exit code 0 when built, 2 on failure.`;

if (require.main === module) {
  let help = false;
  try {
    help =
      parseArgs({ args: process.argv.slice(2), options: { help: { type: "boolean", short: "h" } }, strict: true }).values.help === true;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage}\n`);
    process.exit(2);
  }
  if (help) process.stdout.write(`${usage}\n`);
  else {
    try {
      build();
    } catch (e) {
      process.stderr.write(`build failed: ${(e as Error).message}\n`);
      process.exit(2);
    }
  }
}
