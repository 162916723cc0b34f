/**
 * Loads a provider's run-time module in the dynamic-provider host.
 *
 * A dynamic provider is serialized into state and run later by `pulumi-resource-pulumi-nodejs`, a plain
 * Node process started in the project directory, without the ts-node hook the program had. So a provider
 * method captures nothing but this function and a project-relative path, and loads the real logic (HTTP
 * clients, schemas, credentials) when it runs: refresh and delete then use the current client code, and
 * the serialized text stays small and free of secrets. This function must stay self-contained: it is
 * serialized by value.
 */
export function loadProviderRuntime<T>(projectRelativePath: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require("path") as typeof import("path");
  // The engine starts plugins in the project directory; M365_BACKUP_PROJECT_DIR overrides it for odd layouts.
  const projectDir = process.env.M365_BACKUP_PROJECT_DIR ?? process.cwd();
  const file = path.resolve(projectDir, projectRelativePath);
  const nodeRequire = require as NodeJS.Require;
  if (!nodeRequire.extensions[".ts"]) {
    // Resolve ts-node from the project, not from wherever the host binary lives.
    const tsNode = nodeRequire(nodeRequire.resolve("ts-node", { paths: [file] })) as typeof import("ts-node");
    tsNode.register({ transpileOnly: true, project: path.join(projectDir, "tsconfig.json") });
  }
  return nodeRequire(file) as T;
}
