import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { runtime } from "@pulumi/pulumi";

/** Pulumi's placeholder for values not known during preview. */
export const unknownValue: string = runtime.unknownValue;
export const projectDir = path.resolve(__dirname, "..", "..");
const hostScript = path.join(projectDir, "node_modules", "@pulumi", "pulumi", "cmd", "dynamic-provider", "index.js");

export type Props = Record<string, unknown>;
export interface CheckFailure {
  property: string;
  reason: string;
}
export interface DiffResult {
  changes: "none" | "some" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
}

function toStruct(value: Props): structproto.Struct {
  // The engine strips Pulumi secret wrappers before calling a provider that does not accept secrets,
  // and the dynamic-provider host answers acceptSecrets=false; drop undefined the way protobuf would.
  return structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(value)) as Record<string, structproto.JavaScriptValue>);
}

function call<Req, Res>(fn: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown, req: Req): Promise<Res> {
  return new Promise((resolve, reject) => fn(req, (err, res) => (err ? reject(new Error(err.details || err.message)) : resolve(res))));
}

/**
 * Pulumi's own dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`) as a child process,
 * driven over gRPC exactly as the engine drives it during `pulumi up`, `refresh` and `destroy`.
 * The host is plain Node started in the project directory, as `pulumi-resource-pulumi-nodejs` is.
 */
export class DynamicProviderHost {
  private output = "";

  private constructor(
    private readonly child: ChildProcess,
    private readonly client: provrpc.ResourceProviderClient,
  ) {
    child.stdout?.on("data", (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (this.output += d.toString()));
  }

  /** Everything the host printed (stdout and stderr), for asserting that no secret is ever logged. */
  get logs(): string {
    return this.output;
  }

  /** `cwd` is the project directory the engine starts the host in (a fleet repository, for the packed module). */
  static async start(env: NodeJS.ProcessEnv = {}, cwd: string = projectDir): Promise<DynamicProviderHost> {
    const child = spawn(process.execPath, [hostScript, "127.0.0.1:1"], {
      cwd,
      env: { ...process.env, ...env, PULUMI_NODEJS_PROJECT: "m365-backup", PULUMI_NODEJS_STACK: "test" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const port = await new Promise<number>((resolve, reject) => {
      let buf = "";
      const onData = (d: Buffer) => {
        buf += d.toString();
        const line = buf.split("\n")[0];
        if (buf.includes("\n") && /^\d+$/.test(line.trim())) {
          child.stdout?.off("data", onData);
          resolve(Number(line.trim()));
        }
      };
      child.stdout?.on("data", onData);
      child.once("exit", (code) => reject(new Error(`dynamic-provider host exited with ${code} before printing its port`)));
    });
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new DynamicProviderHost(child, client);
  }

  /** Sends stack config as the engine does: keys are `<project>:<key>`, values are strings (objects as JSON). */
  async configure(config: Record<string, unknown>): Promise<void> {
    const req = new provproto.ConfigureRequest();
    const args: Props = {};
    for (const [k, v] of Object.entries(config)) args[k] = typeof v === "string" ? v : JSON.stringify(v);
    req.setArgs(toStruct(args));
    await call(this.client.configure.bind(this.client), req);
  }

  async check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }> {
    const req = new provproto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const res = await call<provproto.CheckRequest, provproto.CheckResponse>(this.client.check.bind(this.client), req);
    return {
      inputs: (res.getInputs()?.toJavaScript() ?? {}) as Props,
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(id: string, urn: string, olds: Props, news: Props): Promise<DiffResult> {
    const req = new provproto.DiffRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const res = await call<provproto.DiffRequest, provproto.DiffResponse>(this.client.diff.bind(this.client), req);
    const changes = res.getChanges();
    return {
      changes:
        changes === provproto.DiffResponse.DiffChanges.DIFF_NONE
          ? "none"
          : changes === provproto.DiffResponse.DiffChanges.DIFF_SOME
            ? "some"
            : "unknown",
      replaces: res.getReplacesList(),
      deleteBeforeReplace: res.getDeletebeforereplace(),
    };
  }

  async create(urn: string, props: Props): Promise<{ id: string; outs: Props }> {
    const req = new provproto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(toStruct(props));
    const res = await call<provproto.CreateRequest, provproto.CreateResponse>(this.client.create.bind(this.client), req);
    return { id: res.getId(), outs: (res.getProperties()?.toJavaScript() ?? {}) as Props };
  }

  async read(id: string, urn: string, props: Props, inputs?: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
    const req = new provproto.ReadRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setProperties(toStruct(props));
    if (inputs) req.setInputs(toStruct(inputs));
    const res = await call<provproto.ReadRequest, provproto.ReadResponse>(this.client.read.bind(this.client), req);
    return {
      id: res.getId(),
      props: (res.getProperties()?.toJavaScript() ?? {}) as Props,
      inputs: res.getInputs() ? (res.getInputs()!.toJavaScript() as Props) : undefined,
    };
  }

  async update(id: string, urn: string, olds: Props, news: Props): Promise<Props> {
    const req = new provproto.UpdateRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const res = await call<provproto.UpdateRequest, provproto.UpdateResponse>(this.client.update.bind(this.client), req);
    return (res.getProperties()?.toJavaScript() ?? {}) as Props;
  }

  async delete(id: string, urn: string, props: Props): Promise<void> {
    const req = new provproto.DeleteRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setProperties(toStruct(props));
    await call(this.client.delete.bind(this.client), req);
  }

  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once("exit", r));
      this.child.kill();
      await exited;
    }
  }
}
