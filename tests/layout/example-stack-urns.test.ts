import * as fs from "fs";
import * as path from "path";
import type { RecordedResource } from "../../tools/mock-runtime/recording-monitor";
import { runProgram } from "../harness/program-under-mocks";
import { discoverStacks, readStackFile } from "../../tools/gate/stack-files";

/**
 * Renames must not replace or delete anything a deployed stack holds. example-stack-urns.json is every
 * URN the example stacks registered before the house was rearranged; each must still name a resource
 * now, directly or through its aliases as the engine resolves them (a resource's own alias specs, and
 * a child's URN under each of its parent's old types). Fabrikam's four SharePoint and OneDrive grants
 * left the baseline when its stack file gave them to the vendor's second app: a config change, proven
 * in tests/identities/vendor-apps-per-workload.test.ts, not a rename.
 */
const projectDir = path.resolve(__dirname, "..", "..");
const before = JSON.parse(fs.readFileSync(path.join(__dirname, "example-stack-urns.json"), "utf8")) as Record<string, string[]>;

function parts(urn: string) {
  const [, stack, project, qualified, name] = /^urn:pulumi:([^:]+)::([^:]+)::(.+)::(.+)$/.exec(urn) ?? [];
  const chain = qualified.split("$");
  return {
    prefix: `urn:pulumi:${stack}::${project}::`,
    parentType: chain.length > 1 ? chain[chain.length - 2] : undefined,
    type: chain[chain.length - 1],
    name,
    stack,
    project,
  };
}

/** Every URN the engine would take as this resource: its own, its aliases, and each under its parent's old types. */
function knownAs(resources: readonly RecordedResource[]): Map<string, string> {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const names = new Map<string, string>();
  const typesOf = (urn: string | undefined): (string | undefined)[] => {
    const r = urn ? byUrn.get(urn) : undefined;
    if (!r) return [urn ? parts(urn).type : undefined];
    return [r.type, ...r.aliases.flatMap((a) => ("type" in a && a.type ? [a.type] : []))];
  };
  for (const r of resources) {
    const own = parts(r.urn);
    const selfNames = [r.name, ...r.aliases.flatMap((a) => ("name" in a && a.name ? [a.name] : []))];
    const selfTypes = typesOf(r.urn);
    const parentTypes = r.parent ? typesOf(r.parent) : [undefined];
    for (const a of r.aliases) if ("urn" in a) names.set(a.urn, r.urn);
    for (const name of selfNames)
      for (const type of selfTypes)
        for (const parentType of parentTypes) names.set(`${own.prefix}${parentType ? `${parentType}$` : ""}${type}::${name}`, r.urn);
  }
  return names;
}

/**
 * Resource types removed on purpose, each with why its delete is safe. Nothing else may go missing.
 * RandomPassword: the passwords left state (BackupAccountPassword makes and sets them); deleting it
 * touches nothing outside state. keyvault Secret: the passwords are written to new secret names through
 * the data plane, so the old names' removal cannot take the live password with it.
 */
const retiredOnPurpose: Readonly<Record<string, string>> = {
  "random:index/randomPassword:RandomPassword": "passwords are no longer in state",
  "azure-native:keyvault:Secret": "passwords are written through the vault's data plane under new names",
};

describe("the example stacks keep every resource they had", () => {
  // The baseline is of the stacks that existed before the rearrangement: a stack file added since (a new
  // tenant) has nothing deployed under old names, so it needs no baseline and never turns this test red.
  const stacks = Object.keys(before).sort();
  test("every stack of the baseline still has its stack file (one removed would lose its guard silently)", () => {
    expect(stacks.filter((s) => !discoverStacks(projectDir).includes(s))).toEqual([]);
  });
  test.each(stacks)("%s: every URN of the baseline is a resource now, by its URN or an alias", async (stack) => {
    const file = readStackFile(projectDir, stack);
    const run = await runProgram(file.config, { stack, secretKeys: file.secretKeys });
    expect(run.error).toBeUndefined();
    const known = knownAs(run.resources);
    const kept = before[stack].filter((urn) => !(parts(urn).type in retiredOnPurpose));
    expect(kept.filter((urn) => !known.has(urn))).toEqual([]);
    // A retired type is really gone, not kept beside its replacement.
    expect(run.resources.filter((r) => r.type in retiredOnPurpose)).toEqual([]);
    // One old resource is one resource now: no two old URNs collapse into one new resource.
    const targets = kept.map((urn) => known.get(urn));
    expect(new Set(targets).size).toBe(targets.length);
  });
});
