import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** `npm run emulator` as a person starts it: its own process, its flags, its answers. */
const projectDir = path.resolve(__dirname, "..", "..");
const tsNode = path.join(projectDir, "node_modules", "ts-node", "dist", "bin.js");
const serve = path.join(projectDir, "tests", "emulators", "cloudally", "serve.ts");
const stateFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "emulator-cli-")), "state.json");

test("--public-only serves the public partner API alone on the --port asked for; contract operations answer 404", async () => {
  const child = spawn(process.execPath, [tsNode, "--transpile-only", serve, "--public-only", "--port", "0"], {
    cwd: projectDir,
    env: { ...process.env, CLOUDALLY_EMULATOR_STATE: stateFile() },
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on("exit", (code) => reject(new Error(`emulator exited ${code}: ${out}`)));
    });
    expect((await fetch(`${url}/v2/tasks`)).status).toBe(401);
    const signIn = await fetch(`${url}/v2/auth/partner`, {
      method: "POST",
      headers: { "content-type": "application/json", "client-id": "contoso-partner-client", "client-secret": "emulator-client-secret" },
      body: JSON.stringify({ email: "backup-admin@contoso.com", password: "emulator-password" }),
    });
    const { accessToken } = (await signIn.json()) as { accessToken: string };
    const headers = {
      authorization: `Bearer ${accessToken}`,
      "client-id": "contoso-partner-client",
      "client-secret": "emulator-client-secret",
    };
    expect((await fetch(`${url}/v1/partners/tasks`, { headers })).status).toBe(200);
    expect((await fetch(`${url}/v2/tasks`, { headers })).status).toBe(404);
    expect(
      (
        await fetch(`${url}/v2/tasks`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json", "Idempotency-Key": "k" },
          body: "{}",
        })
      ).status,
    ).toBe(404);
  } finally {
    child.kill();
  }
}, 60_000);

test("a bad flag or port is named with the usage, exit 2; --help prints the usage", () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [tsNode, "--transpile-only", serve, ...args], {
      cwd: projectDir,
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, CLOUDALLY_EMULATOR_STATE: stateFile() },
    });
  const badPort = run("--port", "99999");
  expect({ code: badPort.status, stderr: badPort.stderr }).toEqual({
    code: 2,
    stderr: expect.stringMatching(/--port 99999: not a port number .*\nUsage: npm run emulator -- \[--public-only\] \[--port <n>\]/),
  });
  const unknown = run("--public");
  expect({ code: unknown.status, stderr: unknown.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(/Unknown option '--public'/) });
  expect(run("--help").stdout).toMatch(/^Usage: npm run emulator/);
}, 60_000);

test("--help lists every route the emulator serves, by family, and the credentials it accepts", async () => {
  const { CloudAllyEmulator, publicRoutes } = await import("./cloudally/cloudally-emulator");
  const res = spawnSync(process.execPath, [tsNode, "--transpile-only", serve, "--help"], {
    cwd: projectDir,
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(res.status).toBe(0);
  const served = new CloudAllyEmulator({
    credentials: { clientId: "c", clientSecret: "s", email: "e@x.example", password: "p" },
    domain: "x.example",
  }).service
    .routeList()
    .map((r) => r.replaceAll("{}", "{id}"));
  expect(served.length).toBeGreaterThan(15);
  for (const route of served) expect(res.stdout).toContain(`  ${route}\n`);
  const publicPart = res.stdout.slice(
    res.stdout.indexOf("CloudAlly's public partner API (what"),
    res.stdout.indexOf("The vendor's console"),
  );
  expect(
    publicPart
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.trim()),
  ).toEqual(publicRoutes.map((r) => r.replace(/:\w+/g, "{id}")));
  expect(res.stdout).toMatch(/client id contoso-partner-client \(CLOUDALLY_CLIENT_ID\), account e-mail backup-admin@contoso\.com/);
  expect(res.stdout).toMatch(/the customer account is contoso-7731/);
});
