import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { emulatorSwitchVariable } from "../../infra/config/emulator-switch";
import { ConfigValidationError } from "../../infra/config/errors";
import { parseStackConfig } from "../../infra/config/load";
import { allowedProviderKeys } from "../../infra/config/stack-keys";
import { readStackFileAt, tenantConfigValues } from "../../tools/gate/stack-files";

/**
 * Config is an allow-list in every namespace and every file. The provider keys tried here are read from
 * the installed SDKs, so a key a new provider version adds is refused without anyone listing it.
 */
const projectDir = path.resolve(__dirname, "..", "..");
const tenantId = "0f3a6b1e-2c4d-4e8f-9a0b-1c2d3e4f5a6b";

function providerConfigKeys(pkg: string): string[] {
  const vars = fs.readFileSync(path.join(projectDir, "node_modules", "@pulumi", pkg, "config", "vars.d.ts"), "utf8");
  return [...vars.matchAll(/export declare (?:const|let) (\w+):/g)].map((m) => `${pkg}:${m[1]}`);
}
const sdkKeys = [...providerConfigKeys("azuread"), ...providerConfigKeys("azure-native")];

/** A scratch project: the repository's Pulumi.yaml (with `projectConfig` added) and a stack file from Pulumi.dev.yaml. */
function scratchStack(change: (config: Record<string, unknown>) => void, projectConfig: Record<string, unknown> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "allow-list-"));
  const project = parse(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as { config: Record<string, unknown> };
  Object.assign(project.config, projectConfig);
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), stringify(project));
  const doc = parse(fs.readFileSync(path.join(projectDir, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> };
  change(doc.config);
  fs.writeFileSync(path.join(dir, "Pulumi.scratch.yaml"), stringify(doc));
  return readStackFileAt(path.join(dir, "Pulumi.scratch.yaml"), "scratch", dir);
}

/** What the gate and the program both say of a stack: every problem, or none. */
function problemsOf(stackFile: ReturnType<typeof scratchStack>, env: NodeJS.ProcessEnv = { [emulatorSwitchVariable]: "allow" }): string[] {
  try {
    parseStackConfig(tenantConfigValues(stackFile), stackFile.config, (k) => stackFile.secretKeys.includes(k), env);
    return [];
  } catch (e) {
    if (e instanceof ConfigValidationError) return e.problems;
    throw e;
  }
}

describe("stack config as an allow-list", () => {
  it("reads the providers' keys from the installed SDKs, endpoint keys among them", () => {
    expect(sdkKeys).toEqual(
      expect.arrayContaining(["azuread:metadataHost", "azuread:oidcRequestUrl", "azuread:msiEndpoint", "azure-native:metadataHost"]),
    );
    expect(sdkKeys.length).toBeGreaterThan(35);
    // Only the tenant and the cloud are allowed, and each exists in its SDK.
    expect(allowedProviderKeys.every((k) => sdkKeys.includes(k))).toBe(true);
  });

  it.each(sdkKeys.filter((k) => !(allowedProviderKeys as readonly string[]).includes(k)))(
    "refuses %s in the stack file, naming it and what is allowed",
    (key) => {
      const problems = problemsOf(
        scratchStack((c) => (c[key] = key.endsWith("Url") ? "https://attacker.example/token" : "login.attacker.example")),
      );
      expect(problems).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^${key}: not a key this stack may set \\(allowed here: ${key.split(":")[0]}:tenantId and ${key.split(":")[0]}:environment\\)`,
          ),
        ),
      );
    },
  );

  it("refuses the same keys put in Pulumi.yaml's config, as a plain value, a value: and a default:", () => {
    const problems = problemsOf(
      scratchStack(() => undefined, {
        "azuread:metadataHost": "login.attacker.example",
        "azure-native:oidcRequestUrl": { value: "https://attacker.example/token" },
        "pulumi:disable-default-providers": ["*"],
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^azuread:metadataHost: not a key this stack may set/),
      expect.stringMatching(/^azure-native:oidcRequestUrl: not a key this stack may set/),
      expect.stringMatching(/^pulumi:disable-default-providers: not a key this stack may set/),
    ]);
    // A declaration's default of a project key reaches every stack that does not set it: it is validated like a stack value.
    const viaDefault = scratchStack((c) => delete c["m365-backup:vendorApi"], {
      "m365-backup:vendorApi": {
        description: "x",
        default: { emulatorUrl: "https://cloudally.attacker.example", clientId: "c", accountEmail: "a@b.example" },
      },
    });
    expect(viaDefault.config["m365-backup:vendorApi"]).toMatchObject({ emulatorUrl: "https://cloudally.attacker.example" });
  });

  it("refuses secure: on any key that is not one of the vendor's credentials, without reading the value", () => {
    const stack = scratchStack((c) => {
      c["azuread:tenantId"] = { secure: "v1:AAAA" };
      c["m365-backup:consent"] = { secure: "v1:BBBB" };
      c["m365-backup:vendorPassword"] = { secure: "v1:CCCC" };
    });
    const problems = problemsOf(stack);
    expect(problems).toContainEqual(expect.stringMatching(/^azuread:tenantId: given as a secret, but it is not a credential/));
    expect(problems).toContainEqual(expect.stringMatching(/^m365-backup:consent: given as a secret, but it is not a credential/));
    expect(problems.join("\n")).not.toMatch(/vendorPassword: given as a secret/);
    expect(problems.join("\n")).not.toMatch(/v1:/);
  });

  it("allows the tenant and the cloud only where they match tenant.id and the SharePoint root's cloud", () => {
    expect(
      problemsOf(
        scratchStack((c) =>
          Object.assign(c, { "azuread:environment": "global", "azure-native:environment": "public", "azure-native:tenantId": tenantId }),
        ),
      ),
    ).toEqual([]);
    expect(problemsOf(scratchStack((c) => (c["azuread:environment"] = "china")))).toEqual([
      expect.stringMatching(
        /^azuread:environment = "china": not the cloud of the tenant's SharePoint root \(commercial: global or public\)/,
      ),
    ]);
    expect(problemsOf(scratchStack((c) => (c["azure-native:tenantId"] = "11111111-2222-4333-8444-555555555555")))).toEqual([
      expect.stringMatching(/^azure-native:tenantId = "11111111-.*differs from m365-backup:tenant\.id/),
    ]);
    const gcch = (c: Record<string, unknown>) => {
      (c["m365-backup:tenant"] as Record<string, unknown>).sharePointRootUrl = "contoso.sharepoint.us";
      c["azuread:environment"] = "usgovernment";
      c["azure-native:environment"] = "usgovernment";
    };
    expect(problemsOf(scratchStack(gcch))).toEqual([]);
  });

  it("refuses an emulator URL in the program unless the environment is a test's", () => {
    const dev = scratchStack(() => undefined);
    expect(problemsOf(dev)).toEqual([]);
    expect(problemsOf(dev, {})).toEqual([
      expect.stringMatching(/^m365-backup:vendorApi\.emulatorUrl is set, but M365_BACKUP_TEST_EMULATOR=allow is not/),
    ]);
  });
});
