import * as fs from "fs";
import * as path from "path";
import { parse, parseAllDocuments } from "yaml";
import { z } from "zod";
import { secretConfigKeys } from "../../infra/config/schema";
import { isDeployable, readFleet } from "../../tools/fleet/fleet-stacks";
import { fleetManifestChanges } from "../../tools/fleet/fleet-manifests";
import { projectDir, scratchProject, selfService, stackFileText } from "./fleet-fixtures";

const manifestsDir = path.join(projectDir, "docs", "kubernetes");
const escDir = path.join(projectDir, "docs", "esc", "m365-backup");
const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const literal = (value: z.ZodType) => z.object({ type: z.literal("Literal"), literal: z.object({ value }).strict() }).strict();

// The Stack fields this project sets, by their names in the operator's v2 StackSpec; strict, so that a
// misspelt field (which the operator would ignore) fails here.
const operatorStack = z
  .object({
    apiVersion: z.literal("pulumi.com/v1"),
    kind: z.literal("Stack"),
    metadata: z.object({ name: z.string(), namespace: z.literal("m365-backup"), labels: z.record(z.string(), z.string()) }).strict(),
    spec: z
      .object({
        serviceAccountName: z.string(),
        projectRepo: z.url(),
        branch: z.string(),
        shallow: z.boolean(),
        stack: z.string().regex(/^[^/]+\/[^/]+$/),
        useLocalStackOnly: z.literal(true),
        refresh: z.literal(true),
        continueResyncOnCommitMatch: z.boolean().optional(),
        resyncFrequencySeconds: z.number().int().min(60),
        destroyOnFinalize: z.literal(false),
        environment: z.array(z.string()),
        envRefs: z
          .object({
            PULUMI_ACCESS_TOKEN: z
              .object({ type: z.literal("Secret"), secret: z.object({ name: z.string(), key: z.string() }).strict() })
              .strict(),
            AZURE_TENANT_ID: literal(guid),
            ARM_TENANT_ID: literal(guid),
          })
          .strict(),
        workspaceTemplate: z
          .object({ spec: z.object({ image: z.string(), resources: z.unknown(), podTemplate: z.unknown() }).strict() })
          .strict(),
        workspaceReclaimPolicy: z.enum(["Retain", "Delete"]),
      })
      .strict(),
  })
  .strict();

const readYaml = (file: string) => parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;

describe("Kubernetes Operator manifests (docs/kubernetes)", () => {
  it("are what npm run fleet-manifests generates from the stack files (run it with --write after changing a tenant)", () => {
    const changes = fleetManifestChanges(projectDir, manifestsDir);
    expect({ stale: [...changes.write.keys()], remove: changes.remove }).toEqual({ stale: [], remove: [] });
  });

  it("run each deployable tenant once, never destroy on deletion, in the tenant's own Azure tenant, as the workload-identity ServiceAccount", () => {
    const kustomization = readYaml(path.join(manifestsDir, "kustomization.yaml")) as { resources: string[] };
    for (const r of kustomization.resources) expect(fs.existsSync(path.join(manifestsDir, r))).toBe(true);
    const deployable = readFleet(projectDir).filter(isDeployable);
    expect(kustomization.resources.filter((r) => r.startsWith("stacks/"))).toEqual(deployable.map((s) => `stacks/${s.stack}.yaml`));

    const serviceAccount = parseAllDocuments(fs.readFileSync(path.join(manifestsDir, "service-account.yaml"), "utf8"))
      .map((d) => d.toJS() as { kind: string; metadata: { name: string; labels?: Record<string, string> } })
      .find((d) => d.kind === "ServiceAccount");
    expect(serviceAccount?.metadata.labels).toMatchObject({ "azure.workload.identity/use": "true" });

    for (const s of deployable) {
      const parsed = operatorStack.safeParse(readYaml(path.join(manifestsDir, "stacks", `${s.stack}.yaml`)));
      expect({ stack: s.stack, issues: parsed.success ? [] : parsed.error.issues }).toEqual({ stack: s.stack, issues: [] });
      const { spec, metadata } = parsed.data as z.infer<typeof operatorStack>;
      expect(spec.stack.endsWith(`/${s.stack}`)).toBe(true);
      expect(spec.serviceAccountName).toBe(serviceAccount?.metadata.name);
      expect([spec.envRefs.AZURE_TENANT_ID.literal.value, spec.envRefs.ARM_TENANT_ID.literal.value]).toEqual([s.tenantId, s.tenantId]);
      // Every rollout runs without a commit: the daily wave (self-service) or the daily follow-up of the vendor (vendor-managed).
      expect({ stack: s.stack, resyncWithoutCommit: spec.continueResyncOnCommitMatch === true }).toEqual({
        stack: s.stack,
        resyncWithoutCommit: true,
      });
      expect(metadata.labels["m365-backup/rollout-mode"]).toBe(s.rolloutMode);
    }
  });

  it("follow the fleet: a new tenant gets its Stack, a removed one loses it, a bad fleet.yaml is named", () => {
    const p = scratchProject({
      alpha: stackFileText(undefined, ["m365-backup/alpha"]),
      beta: stackFileText(selfService, ["m365-backup/beta"]),
      sandbox: stackFileText(),
    });
    const dir = path.join(p.dir, "docs", "kubernetes");
    fs.mkdirSync(path.join(dir, "stacks"), { recursive: true });
    fs.copyFileSync(path.join(manifestsDir, "fleet.yaml"), path.join(dir, "fleet.yaml"));
    fs.writeFileSync(path.join(dir, "stacks", "gone.yaml"), "# a tenant that left\n");

    const changes = fleetManifestChanges(p.dir, dir);
    expect([...changes.write.keys()].sort()).toEqual(["kustomization.yaml", "stacks/alpha.yaml", "stacks/beta.yaml"]);
    expect(changes.remove).toEqual(["stacks/gone.yaml"]);
    expect(changes.write.get("stacks/beta.yaml")).toMatch(/continueResyncOnCommitMatch: true\n {2}resyncFrequencySeconds: 21600/);
    expect(changes.write.get("stacks/alpha.yaml")).toMatch(
      /# Vendor-managed rollout: .*\n.*\n {2}continueResyncOnCommitMatch: true\n {2}resyncFrequencySeconds: 21600/,
    );

    fs.writeFileSync(
      path.join(dir, "fleet.yaml"),
      fs.readFileSync(path.join(dir, "fleet.yaml"), "utf8").replace(/projectRepo: .*/, "projectRepo: not a url"),
    );
    expect(() => fleetManifestChanges(p.dir, dir)).toThrow(/fleet\.yaml is invalid:\n {2}- projectRepo: /);
  });
});

describe("ESC environment examples (docs/esc)", () => {
  const fleet = readFleet(projectDir);

  it("split each tenant in two: the stack's own environment holds nothing secret (previews open it), <tenant>-vendor holds the vendor secrets", () => {
    const files = fs.readdirSync(escDir).filter((f) => !["shared.yaml", "operator.yaml"].includes(f));
    const tenants = files.filter((f) => !f.endsWith("-vendor.yaml"));
    expect(tenants.length).toBeGreaterThan(0);
    for (const file of tenants) {
      const name = file.replace(/\.yaml$/, "");
      const stack = fleet.find((s) => s.stack === name);
      expect({ file, importedBy: stack?.environments }).toEqual({ file, importedBy: [`m365-backup/${name}`] });
      const env = readYaml(path.join(escDir, file)) as { imports: string[]; values: Record<string, unknown> & { tenant: { id: string } } };
      expect(env.imports).toEqual(["m365-backup/shared"]);
      expect(env.values.tenant.id).toBe(stack?.tenantId);
      // No secret, no login, no config: whatever this environment holds, a pull request's preview can read.
      expect(JSON.stringify(env)).not.toMatch(/fn::secret|fn::open|pulumiConfig|environmentVariables/);

      const vendor = readYaml(path.join(escDir, `${name}-vendor.yaml`)) as {
        imports?: string[];
        values: { vendor: Record<string, unknown>; environmentVariables: Record<string, string> };
      };
      expect(vendor.imports).toBeUndefined();
      expect(vendor.values.environmentVariables).toEqual({
        CLOUDALLY_CLIENT_SECRET: "${vendor.clientSecret}",
        CLOUDALLY_PASSWORD: "${vendor.password}",
      });
      for (const value of Object.values(vendor.values.vendor))
        expect(value).toEqual({ "fn::secret": expect.stringMatching(/^replace-me-/) });
      // The operator opens it beside the stack's own environment.
      expect(fs.readFileSync(path.join(manifestsDir, "stacks", `${name}.yaml`), "utf8")).toContain(`- m365-backup/${name}-vendor`);
    }
    expect(files.filter((f) => f.endsWith("-vendor.yaml")).sort()).toEqual(tenants.map((f) => f.replace(/\.yaml$/, "-vendor.yaml")).sort());
  });

  it("are the only place a deployable stack gets its vendor secrets: no stack file sets them (a file value would win over ESC)", () => {
    for (const s of fleet.filter(isDeployable)) {
      const config = (readYaml(path.join(projectDir, s.file)).config ?? {}) as Record<string, unknown>;
      for (const key of secretConfigKeys)
        expect({ stack: s.stack, key, set: `m365-backup:${key}` in config || key in config }).toEqual({ stack: s.stack, key, set: false });
    }
  });
});
