import * as fs from "fs";
import * as path from "path";

/**
 * The layout the README's "Layout" section describes: what `pulumi up` loads (infra/, components/)
 * and the policy pack never import the workshop (tools/, tests/, bench/), and no module imports
 * itself back through others.
 */
const projectDir = path.resolve(__dirname, "..", "..");
const sourceDirs = ["infra", "components", "policies", "tools"];

function filesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(projectDir, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(rel);
    return e.name.endsWith(".ts") ? [rel] : [];
  });
}

/** Relative imports (static, dynamic and require) of a file, resolved to project paths. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(projectDir, file), "utf8");
  const specs = [...text.matchAll(/\b(?:from|import|require)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]);
  return specs.map((spec) => {
    const base = path.normalize(path.join(path.dirname(file), spec));
    return [`${base}.ts`, path.join(base, "index.ts"), base].find((c) => fs.existsSync(path.join(projectDir, c))) ?? base;
  });
}

const files = sourceDirs.flatMap(filesUnder);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

test("the program and the policy pack import nothing from the workshop", () => {
  const workshop = /^(tools|tests|bench)\//;
  const crossings = files
    .filter((f) => /^(infra|components|policies)\//.test(f))
    .flatMap((f) =>
      graph
        .get(f)!
        .filter((t) => workshop.test(t))
        .map((t) => `${f} -> ${t}`),
    );
  expect(crossings).toEqual([]);
  // The test can see a crossing: tools import the program.
  expect(files.filter((f) => f.startsWith("tools/")).some((f) => graph.get(f)!.some((t) => t.startsWith("infra/")))).toBe(true);
});

test("no import circle anywhere in infra/, components/, policies/ and tools/", () => {
  const circles: string[] = [];
  const state = new Map<string, "open" | "done">();
  const visit = (f: string, trail: string[]) => {
    if (state.get(f) === "done") return;
    if (state.get(f) === "open") {
      circles.push([...trail.slice(trail.indexOf(f)), f].join(" -> "));
      return;
    }
    state.set(f, "open");
    for (const t of graph.get(f) ?? []) if (graph.has(t)) visit(t, [...trail, f]);
    state.set(f, "done");
  };
  for (const f of files) visit(f, []);
  expect(circles).toEqual([]);
});

/** infra/<folder> and tools/<folder> are layers; components/ and policies/ are one each. */
const layerOf = (file: string) => {
  const parts = file.split("/");
  return (parts[0] === "infra" || parts[0] === "tools") && parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0];
};

test("layers do not import each other back: nothing lower imports from higher", () => {
  const arrows = new Map<string, Set<string>>();
  for (const [file, targets] of graph)
    for (const t of targets)
      if (graph.has(t) && layerOf(t) !== layerOf(file)) arrows.set(layerOf(file), (arrows.get(layerOf(file)) ?? new Set()).add(layerOf(t)));
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
    [...(arrows.get(from) ?? [])].some((n) => n === to || (!seen.has(n) && (seen.add(n), reaches(n, to, seen))));
  const backArrows = [...arrows].flatMap(([from, tos]) => [...tos].filter((to) => reaches(to, from)).map((to) => `${from} -> ${to}`));
  expect(backArrows).toEqual([]);
  // The services' vocabulary is the bottom layer: it imports nothing of the project.
  expect(arrows.get("infra/services") ?? new Set()).toEqual(new Set());
  // The dynamic providers' shims are the top of infra/: no runtime imports them.
  expect(
    files.filter(
      (f) => f.startsWith("infra/") && !f.startsWith("infra/providers/") && graph.get(f)!.some((t) => t.startsWith("infra/providers/")),
    ),
  ).toEqual([]);
});
