import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** Every command of package.json as a person runs it: --help prints the usage (exit 0); a wrong flag is named with it (exit 2). */
const projectDir = path.resolve(__dirname, "..", "..");
const tsNode = path.join(projectDir, "node_modules", "ts-node", "dist", "bin.js");
const scripts = (JSON.parse(fs.readFileSync(path.join(projectDir, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
/** The scripts that run one of the project's own TypeScript files: each is a command with a usage. */
const commands: Record<string, string> = Object.fromEntries(
  Object.entries(scripts).flatMap(([name, line]) => {
    const file = /\s((?:tools|bench|tests)\/\S+\.ts)$/.exec(line)?.[1];
    return file ? [[name, file]] : [];
  }),
);
const run = (script: string, ...args: string[]) =>
  new Promise<{ status: number; stdout: string; stderr: string }>((resolve) =>
    execFile(
      process.execPath,
      [tsNode, "--transpile-only", script, ...args],
      { cwd: projectDir, encoding: "utf8", timeout: 60_000 },
      (e, stdout, stderr) => resolve({ status: e ? Number((e as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );

test("every script but the build's own (typecheck, lint, test, format, prepack) runs a project command the list below tries", () => {
  expect(
    Object.keys(scripts)
      .filter((s) => !(s in commands))
      .sort(),
  ).toEqual(["format", "lint", "prepack", "test", "typecheck"]);
  expect(Object.keys(commands).length).toBeGreaterThanOrEqual(12);
});

test.each(Object.entries(commands))(
  "npm run %s: --help exits 0 with the usage; an unknown flag exits 2 naming it",
  async (name, script) => {
    const [help, wrong] = await Promise.all([run(script, "--help"), run(script, "--no-such-flag")]);
    expect({ name, code: help.status, out: help.stdout }).toEqual({
      name,
      code: 0,
      out: expect.stringMatching(new RegExp(`^Usage: npm run (--silent )?${name}`)),
    });
    expect({ name, code: wrong.status, err: wrong.stderr }).toEqual({
      name,
      code: 2,
      err: expect.stringMatching(/'--no-such-flag'[\s\S]*Usage: npm run/),
    });
  },
  120_000,
);
