import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { readFleet } from "../../tools/fleet/fleet-stacks";
import { discoverStacks } from "../../tools/gate/stack-files";
import { asTenant, projectDir, scratchProject, selfService, stackFileText } from "./fleet-fixtures";

interface Listed {
  stack: string;
  tenantId: string;
  rolloutMode: string;
  environments: string[];
}

/** The command the workflows run, as they run it. */
function listStacks(args: string[], cwd = projectDir): { code: number; stdout: string; stderr: string } {
  const res = spawnSync("npm", ["run", "--silent", "stacks", "--", ...args, "--project-dir", cwd], {
    cwd: projectDir,
    encoding: "utf8",
    timeout: 60000,
  });
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}

function listed(args: string[], cwd?: string): Listed[] {
  const res = listStacks(args, cwd);
  expect({ code: res.code, stderr: res.stderr.replace(/^npm warn.*\n/gm, "") }).toEqual({ code: 0, stderr: "" });
  expect(res.stdout.trim().split("\n")).toHaveLength(1); // one line, as $GITHUB_OUTPUT needs it
  return JSON.parse(res.stdout) as Listed[];
}

describe("npm run stacks (the workflows' matrix)", () => {
  it("lists the example tenants from their stack files: deployable ones import an ESC environment, self-service ones advance daily", () => {
    expect(readFleet(projectDir).map((s) => [s.stack, s.rolloutMode, s.environments.length > 0])).toEqual([
      ["adatum", "vendor-managed", true],
      ["dev", "vendor-managed", false],
      ["fabrikam", "vendor-managed", true],
      ["northwind", "self-service", true],
    ]);
    expect(listed(["--deployable"]).map((s) => s.stack)).toEqual(["adatum", "fabrikam", "northwind"]);
    expect(listed(["--deployable", "--self-service"])).toEqual([
      {
        stack: "northwind",
        tenantId: "5e2f8a90-1c3b-4d7e-9f60-2b4a6c8d0e13",
        rolloutMode: "self-service",
        environments: ["m365-backup/northwind"],
        // Northwind deploys with its own writer app; previews use the fleet's reader.
        writerClientId: "3b7d9f1a-5c2e-4a8b-9d6f-1e3a5c7b9d2f",
        readerClientId: "",
      },
    ]);
  });

  it("reads the stacks from stackConfigDir when Pulumi.yaml sets one, as Pulumi and the offline gate do", () => {
    const p = scratchProject(
      {
        "tenant-a": stackFileText(asTenant(1, selfService), ["m365-backup/tenant-a"]),
        "tenant-b": stackFileText(asTenant(2), ["m365-backup/tenant-b"]),
        sandbox: stackFileText(),
      },
      "tenants",
    );
    expect(discoverStacks(p.dir)).toEqual(["sandbox", "tenant-a", "tenant-b"]);
    expect(readFleet(p.dir).map((s) => s.file)).toEqual([
      "tenants/Pulumi.sandbox.yaml",
      "tenants/Pulumi.tenant-a.yaml",
      "tenants/Pulumi.tenant-b.yaml",
    ]);
    expect(listed(["--deployable"], p.dir).map((s) => s.stack)).toEqual(["tenant-a", "tenant-b"]);
    expect(listed(["--self-service"], p.dir).map((s) => s.stack)).toEqual(["tenant-a"]);
  });

  it("selects what a change since a git ref can affect: its own stack for a stack file, every stack for the program, none for docs or a removed tenant", () => {
    const p = scratchProject(
      {
        a: stackFileText(asTenant(1), ["m365-backup/a"]),
        b: stackFileText(asTenant(2), ["m365-backup/b"]),
        c: stackFileText(asTenant(3), ["m365-backup/c"]),
      },
      "tenants",
    );
    const base = p.commit("fleet");
    p.write("b", stackFileText(asTenant(2, selfService), ["m365-backup/b"]));
    const edited = p.commit("b goes self-service");
    expect(listed(["--changed", base], p.dir).map((s) => s.stack)).toEqual(["b"]);

    fs.mkdirSync(path.join(p.dir, "docs"));
    fs.writeFileSync(path.join(p.dir, "docs", "runbook.md"), "# runbook\n");
    fs.writeFileSync(path.join(p.dir, "README.md"), "# fleet\n");
    const docs = p.commit("docs only");
    expect(listed(["--changed", edited], p.dir)).toEqual([]);

    fs.rmSync(path.join(p.dir, "tenants", "Pulumi.c.yaml"));
    const removed = p.commit("c leaves the fleet");
    // Nothing is deployed (let alone destroyed) for a tenant whose stack file is gone.
    expect(listed(["--changed", docs], p.dir)).toEqual([]);

    fs.mkdirSync(path.join(p.dir, "infra"));
    fs.writeFileSync(path.join(p.dir, "infra", "index.ts"), "export {};\n");
    p.commit("program change");
    expect(listed(["--changed", removed], p.dir).map((s) => s.stack)).toEqual(["a", "b"]);
  });

  it("fails with exit 2 and a message that names the problem: an unknown stack, bad config in a stack file, a ref git does not know", () => {
    const unknown = listStacks(["--stack", "contoso"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no stack file for contoso; stacks: adatum, dev, fabrikam, northwind/);

    const p = scratchProject({
      good: stackFileText(asTenant(1)),
      bad: stackFileText((c) => (c["m365-backup:rollout"] = { mode: "fast" })),
    });
    const bad = listStacks([], p.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Pulumi\.bad\.yaml is invalid:/);
    expect(bad.stderr).toMatch(/m365-backup:rollout\.mode = "fast": .*Fix: /);

    const ref = listStacks(["--changed", "no-such-ref"]);
    expect(ref.code).toBe(2);
    expect(ref.stderr).toMatch(/git diff against no-such-ref failed .*fetch-depth: 0/);

    expect(listStacks(["--changed"]).code).toBe(2);
  });
});
