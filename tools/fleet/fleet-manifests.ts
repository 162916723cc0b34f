import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { isDeployable, readFleet } from "./fleet-stacks";
import { readFleetSettings, renderFleetManifests } from "./operator-manifests";

const usage = `Usage: npm run fleet-manifests [-- --write | --help]

Renders one Pulumi Kubernetes Operator Stack per deployable tenant stack (one that imports an ESC
environment) into docs/kubernetes/stacks/, and the kustomization that lists them, from the stack files
and docs/kubernetes/fleet.yaml. Without --write it checks that the committed files are current
(exit 1 and the stale files when not); exit 2 on any other failure.`;

/** Files to write and stale generated stack manifests to delete, relative to the manifests directory. */
export function fleetManifestChanges(projectDir: string, manifestsDir: string): { write: Map<string, string>; remove: string[] } {
  const settings = readFleetSettings(path.join(manifestsDir, "fleet.yaml"));
  const wanted = renderFleetManifests(readFleet(projectDir).filter(isDeployable), settings);
  const write = new Map(
    [...wanted].filter(
      ([file, text]) => !fs.existsSync(path.join(manifestsDir, file)) || fs.readFileSync(path.join(manifestsDir, file), "utf8") !== text,
    ),
  );
  const stacksDir = path.join(manifestsDir, "stacks");
  const existing = fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir).map((f) => `stacks/${f}`) : [];
  // A tenant removed from the fleet loses its manifest; deleting the Stack resource destroys nothing.
  const remove = existing.filter((f) => f.endsWith(".yaml") && !wanted.has(f));
  return { write, remove };
}

export function main(argv: readonly string[], projectDir = path.resolve(__dirname, "..", "..")): number {
  let write: boolean;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { write: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(`${usage}\n`);
      return 0;
    }
    write = values.write === true;
  } catch (e) {
    process.stderr.write(`fleet-manifests: ${(e as Error).message}\n${usage}\n`);
    return 2;
  }
  const manifestsDir = path.join(projectDir, "docs", "kubernetes");
  let changes;
  try {
    changes = fleetManifestChanges(projectDir, manifestsDir);
  } catch (e) {
    process.stderr.write(`fleet-manifests: ${(e as Error).message}\n`);
    return 2;
  }
  const stale = [...changes.write.keys(), ...changes.remove];
  if (!write) {
    if (stale.length === 0) return 0;
    process.stderr.write(
      `Out of date in docs/kubernetes: ${stale.join(", ")}. Run npm run fleet-manifests -- --write and commit the result.\n`,
    );
    return 1;
  }
  fs.mkdirSync(path.join(manifestsDir, "stacks"), { recursive: true });
  for (const [file, text] of changes.write) fs.writeFileSync(path.join(manifestsDir, file), text);
  for (const file of changes.remove) fs.rmSync(path.join(manifestsDir, file));
  process.stdout.write(
    stale.length === 0 ? "docs/kubernetes is current.\n" : `Updated ${stale.map((f) => `docs/kubernetes/${f}`).join(", ")}.\n`,
  );
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
