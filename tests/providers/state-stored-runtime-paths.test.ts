import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { devStackConfig, projectDir, runProgram } from "../harness/program-under-mocks";

/**
 * The runtime paths that serialized dynamic providers keep in every stack's state are a contract with
 * every state ever written: refresh and destroy run the old provider text, which loads its path.
 */
const listFile = "infra/providers/state-stored-runtime-paths.txt";
const listed = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
const current = listed(fs.readFileSync(path.join(projectDir, listFile), "utf8"));

test("every path that ever shipped resolves to a runtime with the provider's methods", () => {
  expect(current.length).toBeGreaterThanOrEqual(5);
  for (const p of current) {
    expect(fs.existsSync(path.join(projectDir, p))).toBe(true);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const runtime = require(path.join(projectDir, p)) as Record<string, unknown>;
    for (const method of ["check", "diff", "create", "read", "update", "remove"])
      expect({ path: p, method, type: typeof runtime[method] }).toEqual({ path: p, method, type: "function" });
  }
});

test("every provider shim declares its path once, and it is listed", () => {
  const shims = fs.readdirSync(path.join(projectDir, "infra/providers")).filter((f) => f.endsWith("-provider.ts"));
  expect(shims.length).toBeGreaterThanOrEqual(5);
  for (const shim of shims) {
    const text = fs.readFileSync(path.join(projectDir, "infra/providers", shim), "utf8");
    const declared = [...text.matchAll(/const runtimePath = "([^"]+)";/g)].map((m) => m[1]);
    expect({ shim, declared: declared.length }).toEqual({ shim, declared: 1 });
    expect(current).toContain(declared[0]);
    // Any other literal path in a shim would be a second declaration that escapes this list.
    expect(text.match(/"infra\/[^"]+\.ts"/g)).toEqual([`"${declared[0]}"`]);
  }
});

test("the provider texts the dev stack stores name only listed paths", async () => {
  const run = await runProgram(devStackConfig());
  expect(run.error).toBeUndefined();
  const texts = run.resources.map((r) => r.inputs.__provider).filter((p): p is string => typeof p === "string");
  expect(texts.length).toBeGreaterThan(3);
  const named = new Set(texts.flatMap((t) => [...t.matchAll(/infra\/[\w/-]+-runtime\.ts/g)].map((m) => m[0])));
  expect(named.size).toBeGreaterThanOrEqual(3);
  for (const p of named) expect(current).toContain(p);
});

test("the list only grows: every line of every committed version is still there", () => {
  let history: string[];
  try {
    history = execFileSync("git", ["log", "--format=%H", "--", listFile], { cwd: projectDir, encoding: "utf8" })
      .split("\n")
      .filter(Boolean);
  } catch (e) {
    throw new Error(`git history of ${listFile} is needed to prove it only grows: ${(e as Error).message}`);
  }
  for (const commit of history) {
    const old = listed(execFileSync("git", ["show", `${commit}:${listFile}`], { cwd: projectDir, encoding: "utf8" }));
    for (const p of old) expect({ commit, path: p, kept: current.includes(p) }).toEqual({ commit, path: p, kept: true });
  }
});
