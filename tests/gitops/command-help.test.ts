import { spawnSync } from "child_process";
import * as path from "path";

/** Every command of package.json as a person runs it: --help prints the usage (exit 0); a wrong flag is named with it (exit 2). */
const projectDir = path.resolve(__dirname, "..", "..");
const tsNode = path.join(projectDir, "node_modules", "ts-node", "dist", "bin.js");
const commands: Record<string, string> = {
  plan: "tools/gate/plan.ts",
  stacks: "tools/fleet/list-stacks.ts",
  "config-reference": "tools/config-reference/reference.ts",
  emulator: "tests/emulators/cloudally/serve.ts",
  bench: "bench/index.ts",
  "stack-file-schema": "tools/config-reference/stack-file-schema.ts",
};
const run = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, [tsNode, "--transpile-only", script, ...args], { cwd: projectDir, encoding: "utf8", timeout: 60_000 });

test.each(Object.entries(commands))(
  "npm run %s: --help exits 0 with the usage; an unknown flag exits 2 naming it",
  (name, script) => {
    const help = run(script, "--help");
    expect({ name, code: help.status, out: help.stdout }).toEqual({
      name,
      code: 0,
      out: expect.stringMatching(new RegExp(`^Usage: npm run (--silent )?${name}`)),
    });
    const wrong = run(script, "--no-such-flag");
    expect({ name, code: wrong.status, err: wrong.stderr }).toEqual({
      name,
      code: 2,
      err: expect.stringMatching(/'--no-such-flag'[\s\S]*Usage: npm run/),
    });
  },
  120_000,
);
