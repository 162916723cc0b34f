/**
 * Loads a provider's run-time module in the dynamic-provider host.
 *
 * A dynamic provider is serialized into state and run later by `pulumi-resource-pulumi-nodejs`, a plain
 * Node process started in the project directory, without the ts-node hook the program had. So a provider
 * method captures nothing but this function and a project-relative path, and loads the real logic (HTTP
 * clients, schemas, credentials) when it runs: refresh and delete then use the current client code, and
 * the serialized text stays small and free of secrets. This function must stay self-contained: in this
 * repository it is serialized by value. Installed as the npm package, Pulumi serializes it as a require of
 * m365-backup-onboarding/dist/infra/providers/runtime-loader.js, so that file is state-stored too: it stays at
 * that path and in package.json's exports. The runtime path is the same in both (TypeScript here, compiled
 * under dist/ in the package).
 */
export function loadProviderRuntime<T>(projectRelativePath: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require("path") as typeof import("path");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require("fs") as typeof import("fs");
  const moduleName = "m365-backup-onboarding";
  // The engine starts plugins in the project directory; M365_BACKUP_PROJECT_DIR overrides it for odd layouts.
  const projectDir = process.env.M365_BACKUP_PROJECT_DIR ?? process.cwd();
  const nodeRequire = require as NodeJS.Require;
  let projectName: string | undefined;
  try {
    projectName = (JSON.parse(fs.readFileSync(path.join(projectDir, "package.json"), "utf8")) as { name?: string }).name;
  } catch {
    projectName = undefined;
  }
  // In the module's own repository the runtime is its TypeScript source. Anywhere else (a fleet repository)
  // it is the installed package's compiled runtime at the same path: a file in the project never stands in for it.
  const file =
    projectName === moduleName
      ? path.resolve(projectDir, projectRelativePath)
      : path.join(
          path.dirname(nodeRequire.resolve(`${moduleName}/package.json`, { paths: [projectDir] })),
          "dist",
          projectRelativePath.replace(/\.ts$/, ".js"),
        );
  if (file.endsWith(".ts") && !nodeRequire.extensions[".ts"]) {
    // Resolve ts-node from the project, not from wherever the host binary lives.
    const tsNode = nodeRequire(nodeRequire.resolve("ts-node", { paths: [file] })) as typeof import("ts-node");
    tsNode.register({ transpileOnly: true, project: path.join(projectDir, "tsconfig.json") });
  }
  return nodeRequire(file) as T;
}
