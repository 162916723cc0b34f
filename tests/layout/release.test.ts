import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/** What the README's "Versions and releases" promises about the repository itself. */
const projectDir = path.resolve(__dirname, "..", "..");
const read = (file: string) => fs.readFileSync(path.join(projectDir, file), "utf8");
const pkg = JSON.parse(read("package.json")) as { version: string; license: string };

test("the module is Apache-2.0: package.json says so and LICENSE is the licence's text, unchanged", () => {
  expect(pkg.license).toBe("Apache-2.0");
  // The digest of the Apache Software Foundation's LICENSE-2.0.txt.
  expect(createHash("md5").update(read("LICENSE")).digest("hex")).toBe("3b83ef96387f14655fc854ddc3c6bd57");
});

test("the version is semantic, and the changelog has an Unreleased section and the current version's", () => {
  expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
  const changelog = read("docs/CHANGELOG.md");
  const headings = [...changelog.matchAll(/^## \[([^\]]+)\]/gm)].map((m) => m[1]);
  expect(headings[0]).toBe("Unreleased");
  expect(headings).toContain(pkg.version);
  // Released versions are listed newest first, each once.
  const released = headings.slice(1);
  const order = (v: string) => v.split(".").reduce((n, p) => n * 1000 + Number(p), 0);
  expect([...released].sort((a, b) => order(b) - order(a))).toEqual(released);
  expect(new Set(released).size).toBe(released.length);
});
