import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import type { RecordedResource } from "../mock-runtime/recording-monitor";

export const projectRoot = path.resolve(__dirname, "..", "..");
export const defaultPolicyPackDir = path.join(projectRoot, "policies");
// Pulumi's own policy runner, wherever npm put the SDK (this repository's node_modules, or a fleet's).
const runPolicyPack = path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), "cmd", "run-policy-pack");

export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";
const levels: Record<number, EnforcementLevel> = {
  [analyzerproto.EnforcementLevel.ADVISORY]: "advisory",
  [analyzerproto.EnforcementLevel.MANDATORY]: "mandatory",
  [analyzerproto.EnforcementLevel.DISABLED]: "disabled",
  [analyzerproto.EnforcementLevel.REMEDIATE]: "remediate",
};
const levelCodes: Record<EnforcementLevel, analyzerproto.EnforcementLevel> = {
  advisory: analyzerproto.EnforcementLevel.ADVISORY,
  mandatory: analyzerproto.EnforcementLevel.MANDATORY,
  disabled: analyzerproto.EnforcementLevel.DISABLED,
  remediate: analyzerproto.EnforcementLevel.REMEDIATE,
};

/** A policy as the pack describes itself to the engine. */
export interface PolicyMetadata {
  name: string;
  description: string;
  enforcementLevel: EnforcementLevel;
  /** JSON schema properties of the policy's config, with their defaults. */
  configSchema?: { properties: Record<string, { default?: unknown } & Record<string, unknown>>; required: string[] };
}

export interface PackMetadata {
  name: string;
  version: string;
  policies: PolicyMetadata[];
}

/** One violation, as the engine prints it. */
export interface PolicyViolation {
  policyName: string;
  policyPackName: string;
  message: string;
  enforcementLevel: EnforcementLevel;
  urn: string;
}

/**
 * Per-policy settings, as in a policy config file passed to `pulumi preview --policy-config`: a policy's
 * name to its level (`"mandatory"`) or to `{ enforcementLevel?, ...its config }`; `all` sets every
 * policy's level (Pulumi's "Configuring policy packs").
 */
export type PolicyPackConfig = Record<string, string | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

const levelNames = Object.keys(levelCodes);

/**
 * What a policy config says that this pack cannot take, naming each: a policy the pack does not have,
 * a setting a policy does not declare, a level that does not exist. Silently ignored, a misspelt key
 * would leave a policy at a level nobody chose.
 */
export function policyConfigProblems(policies: readonly PolicyMetadata[], config: PolicyPackConfig): string[] {
  const problems: string[] = [];
  const names = policies.map((p) => p.name);
  const levelProblem = (where: string, level: unknown) =>
    level === undefined || levelNames.includes(String(level))
      ? []
      : [`${where}: enforcement level ${JSON.stringify(level)} is not one of ${levelNames.join(", ")}`];
  for (const [key, value] of Object.entries(config)) {
    const policy = policies.find((p) => p.name === key);
    if (key === "all") {
      problems.push(...levelProblem("all", typeof value === "string" ? value : value?.enforcementLevel));
      if (typeof value === "object" && value !== null)
        for (const k of Object.keys(value).filter((k) => k !== "enforcementLevel"))
          problems.push(`all: sets ${k}; "all" takes only an enforcement level`);
      continue;
    }
    if (!policy) {
      problems.push(`${key}: this pack has no policy of that name (its policies: ${names.join(", ")})`);
      continue;
    }
    if (typeof value === "string") {
      problems.push(...levelProblem(key, value));
      continue;
    }
    if (value === null || typeof value !== "object") {
      problems.push(`${key}: must be an enforcement level or an object of settings, not ${JSON.stringify(value)}`);
      continue;
    }
    problems.push(...levelProblem(key, value.enforcementLevel));
    const declared = Object.keys(policy.configSchema?.properties ?? {});
    for (const k of Object.keys(value).filter((k) => k !== "enforcementLevel" && !declared.includes(k)))
      problems.push(
        `${key}: has no setting ${k} (${declared.length ? `its settings: ${declared.join(", ")}` : "it takes only an enforcement level"})`,
      );
  }
  return problems;
}

function call<Req, Res>(fn: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown, req: Req): Promise<Res> {
  return new Promise((resolve, reject) => fn(req, (err, res) => (err ? reject(new Error(err.details || err.message)) : resolve(res))));
}

function toStruct(value: Record<string, unknown>): structproto.Struct {
  return structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(value)) as Record<string, structproto.JavaScriptValue>);
}

function resourceOptions(r: RecordedResource): analyzerproto.AnalyzerResourceOptions {
  const opts = new analyzerproto.AnalyzerResourceOptions();
  opts.setProtect(r.protect);
  opts.setAdditionalsecretoutputsList(r.additionalSecretOutputs);
  opts.setDeletebeforereplace(r.deleteBeforeReplace);
  opts.setDeletebeforereplacedefined(r.deleteBeforeReplace);
  opts.setCustomtimeouts(new analyzerproto.AnalyzerResourceOptions.CustomTimeouts());
  if (r.parent) opts.setParent(r.parent);
  return opts;
}

function violations(res: analyzerproto.AnalyzeResponse): PolicyViolation[] {
  return res.getDiagnosticsList().map((d) => ({
    policyName: d.getPolicyname(),
    policyPackName: d.getPolicypackname(),
    // The runtime prefixes each violation with the policy's description; keep the two apart.
    message: d.getMessage().startsWith(`${d.getDescription()}\n`) ? d.getMessage().slice(d.getDescription().length + 1) : d.getMessage(),
    enforcementLevel: levels[d.getEnforcementlevel()] ?? "advisory",
    urn: d.getUrn(),
  }));
}

/**
 * A policy pack served as its own process by Pulumi's Node.js policy runner
 * (`@pulumi/pulumi/cmd/run-policy-pack`, started in the pack directory as the language host does) and
 * asked over gRPC exactly as the engine asks it: GetAnalyzerInfo, Configure (schema defaults plus
 * overrides), ConfigureStack, Analyze per resource with its inputs, AnalyzeStack with the state.
 */
/** Pack processes still running, killed by one exit hook when this process ends however it ends. */
const runningPacks = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of runningPacks) child.kill();
});

export class PolicyAnalyzer {
  private output = "";

  private constructor(
    private readonly child: ChildProcess,
    private readonly client: analyzerrpc.AnalyzerClient,
  ) {
    child.stdout?.on("data", (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (this.output += d.toString()));
  }

  /** What the pack process printed besides its port (compile errors, console output). */
  get logs(): string {
    return this.output;
  }

  static async start(packDir: string = defaultPolicyPackDir, env: NodeJS.ProcessEnv = {}): Promise<PolicyAnalyzer> {
    // The first argument is the engine address, which a policy pack never dials.
    const child = spawn(process.execPath, [runPolicyPack, "127.0.0.1:1", "."], {
      cwd: packDir,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // However this process ends (a crash, an exit from a signal handler), the pack process ends with it.
    runningPacks.add(child);
    child.once("exit", () => runningPacks.delete(child));
    let early = "";
    const port = await new Promise<number>((resolve, reject) => {
      const onData = (d: Buffer) => {
        early += d.toString();
        const first = early.split("\n")[0].trim();
        if (early.includes("\n") && /^\d+$/.test(first)) {
          child.stdout?.off("data", onData);
          resolve(Number(first));
        }
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", (d: Buffer) => (early += d.toString()));
      child.once("exit", (code) => reject(new Error(`policy pack in ${packDir} exited with ${code} before printing its port:\n${early}`)));
    });
    const client = new analyzerrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": 400 * 1024 * 1024,
    });
    return new PolicyAnalyzer(child, client);
  }

  async info(): Promise<PackMetadata> {
    const res = await call<emptyproto.Empty, analyzerproto.AnalyzerInfo>(
      this.client.getAnalyzerInfo.bind(this.client),
      new emptyproto.Empty(),
    );
    return {
      name: res.getName(),
      version: res.getVersion(),
      policies: res.getPoliciesList().map((p) => {
        const schema = p.getConfigschema();
        return {
          name: p.getName(),
          description: p.getDescription(),
          enforcementLevel: levels[p.getEnforcementlevel()] ?? "advisory",
          ...(schema
            ? {
                configSchema: {
                  properties: (schema.getProperties()?.toJavaScript() ?? {}) as NonNullable<PolicyMetadata["configSchema"]>["properties"],
                  required: schema.getRequiredList(),
                },
              }
            : {}),
        };
      }),
    };
  }

  /**
   * Sends each policy its enforcement level and config: schema defaults overlaid with `overrides`, as the CLI
   * does. Returns the policies with the levels now in force.
   */
  async configure(overrides: PolicyPackConfig = {}): Promise<PolicyMetadata[]> {
    const meta = await this.info();
    const problems = policyConfigProblems(meta.policies, overrides);
    if (problems.length > 0) throw new Error(`the policy config cannot be used: ${problems.join("; ")}`);
    const settingsOf = (name: string) => {
      const v = overrides[name];
      return typeof v === "string" ? { enforcementLevel: v as EnforcementLevel } : (v ?? {});
    };
    const all = settingsOf("all").enforcementLevel;
    const levelOf = (p: PolicyMetadata) => settingsOf(p.name).enforcementLevel ?? all ?? p.enforcementLevel;
    const req = new analyzerproto.ConfigureAnalyzerRequest();
    for (const p of meta.policies) {
      const props: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(p.configSchema?.properties ?? {})) if (v.default !== undefined) props[k] = v.default;
      const given: Record<string, unknown> = { ...settingsOf(p.name) };
      delete given.enforcementLevel;
      const pc = new analyzerproto.PolicyConfig();
      pc.setEnforcementlevel(levelCodes[levelOf(p)]);
      pc.setProperties(toStruct({ ...props, ...given }));
      req.getPolicyconfigMap().set(p.name, pc);
    }
    await call(this.client.configure.bind(this.client), req);
    return meta.policies.map((p) => ({ ...p, enforcementLevel: levelOf(p) }));
  }

  async configureStack(stack: { project: string; stack: string; organization?: string; dryRun: boolean }): Promise<void> {
    const req = new analyzerproto.AnalyzerStackConfigureRequest();
    req.setProject(stack.project);
    req.setStack(stack.stack);
    req.setOrganization(stack.organization ?? "organization");
    req.setDryRun(stack.dryRun);
    await call(this.client.configureStack.bind(this.client), req);
  }

  /** Analyze: one resource's inputs, before it is created or updated. */
  async analyze(r: RecordedResource): Promise<PolicyViolation[]> {
    const req = new analyzerproto.AnalyzeRequest();
    req.setType(r.type);
    req.setUrn(r.urn);
    req.setName(r.name);
    req.setProperties(toStruct(r.inputs));
    req.setOptions(resourceOptions(r));
    const res = await call<analyzerproto.AnalyzeRequest, analyzerproto.AnalyzeResponse>(this.client.analyze.bind(this.client), req);
    return violations(res);
  }

  /** AnalyzeStack: every resource with its state (outputs), parents and dependencies, after the deployment. */
  async analyzeStack(resources: readonly RecordedResource[]): Promise<PolicyViolation[]> {
    const req = new analyzerproto.AnalyzeStackRequest();
    req.setResourcesList(
      resources.map((r) => {
        const a = new analyzerproto.AnalyzerResource();
        a.setType(r.type);
        a.setUrn(r.urn);
        a.setName(r.name);
        a.setProperties(toStruct(r.outputs));
        a.setOptions(resourceOptions(r));
        a.setParent(r.parent);
        a.setDependenciesList(r.dependencies);
        for (const [k, urns] of Object.entries(r.propertyDependencies)) {
          const deps = new analyzerproto.AnalyzerPropertyDependencies();
          deps.setUrnsList(urns);
          a.getPropertydependenciesMap().set(k, deps);
        }
        return a;
      }),
    );
    const res = await call<analyzerproto.AnalyzeStackRequest, analyzerproto.AnalyzeResponse>(
      this.client.analyzeStack.bind(this.client),
      req,
    );
    return violations(res);
  }

  /** Analyze for every resource, then AnalyzeStack: what `pulumi preview --policy-pack` reports. */
  async analyzeDeployment(resources: readonly RecordedResource[]): Promise<PolicyViolation[]> {
    const perResource = await Promise.all(resources.map((r) => this.analyze(r)));
    return [...perResource.flat(), ...(await this.analyzeStack(resources))];
  }

  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((r) => this.child.once("exit", r));
      this.child.kill();
      await exited;
    }
  }
}
