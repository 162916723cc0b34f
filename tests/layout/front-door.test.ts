import * as fs from "fs";
import * as path from "path";

/** The README is the user's door: short, with the set-up, the fleet's start and links that lead somewhere. */
const root = path.resolve(__dirname, "..", "..");
const markdown = [
  "README.md",
  ...fs
    .readdirSync(path.join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

test("the README stays a front door: the two set-up commands, the fleet's start, and the guide and reference it links to", () => {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  expect(readme.split("\n").length).toBeLessThanOrEqual(200);
  const setUp = readme.indexOf("npm run plan -- --stack dev");
  const fleet = readme.indexOf("### Starting an MSP's fleet");
  expect(setUp).toBeGreaterThan(-1);
  expect(readme.indexOf("npm test")).toBeGreaterThan(setUp);
  expect(fleet).toBeGreaterThan(setUp);
  for (const page of ["docs/operators-guide.md", "docs/configuration.md"]) expect(readme).toContain(`](${page})`);
});

test("every relative link of the README and docs/ names a file that exists", () => {
  const broken = markdown.flatMap((file) =>
    [...fs.readFileSync(path.join(root, file), "utf8").matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)]
      .map((m) => m[1])
      .filter((link) => !/^[a-z]+:/.test(link))
      .filter((link) => !fs.existsSync(path.resolve(root, path.dirname(file), link)))
      .map((link) => `${file} -> ${link}`),
  );
  expect(broken).toEqual([]);
});
