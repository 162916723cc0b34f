import { main as listStacks } from "../../tools/fleet/list-stacks";
import { scratchProject, stackFileText } from "./fleet-fixtures";

/** A copied stack file must not let two stacks find the same backup tasks. */

const otherTenant = "5e8d1c2a-7b3f-4a6e-9c0d-1f2e3a4b5c6d";

function capture(run: () => number): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const o = jest.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true));
  const e = jest.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true));
  try {
    return { code: run(), out: out.join(""), err: err.join("") };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const withAccount = (accountId: string, change: (c: Record<string, unknown>) => void = () => undefined) =>
  stackFileText((c) => {
    c["m365-backup:vendorApi"] = { ...(c["m365-backup:vendorApi"] as object), accountId };
    change(c);
  });

const tenant = (c: Record<string, unknown>, set: Record<string, unknown>) => {
  c["m365-backup:tenant"] = { ...(c["m365-backup:tenant"] as object), ...set };
  if (set.id) c["azuread:tenantId"] = set.id;
};

test("a stack file copied with only tenant.id changed is refused: same vendor account and task names", () => {
  const { dir } = scratchProject({
    contoso: withAccount("acct-1"),
    copy: withAccount("acct-1", (c) => tenant(c, { id: otherTenant })),
  });
  const run = capture(() => listStacks(["--names"], dir));
  expect(run.code).toBe(2);
  expect(run.err).toMatch(
    /Pulumi\.copy\.yaml and Pulumi\.contoso\.yaml both name a backup task "Contoso Exchange backup" in vendor account acct-1/,
  );
  expect(run.err).toMatch(/Set backupTasks\.namePrefix/);
});

test("two stack files for one tenant are refused, whatever their names", () => {
  const { dir } = scratchProject({
    a: withAccount("acct-1"),
    b: withAccount("acct-2", (c) => (c["m365-backup:backupTasks"] = { namePrefix: "other" })),
  });
  const run = capture(() => listStacks(["--names"], dir));
  expect(run.code).toBe(2);
  expect(run.err).toMatch(/Pulumi\.b\.yaml and Pulumi\.a\.yaml both onboard tenant/);
});

test("distinct tenants with their own prefixes pass", () => {
  const { dir } = scratchProject({
    a: withAccount("acct-1"),
    b: withAccount("acct-1", (c) => {
      tenant(c, { id: otherTenant });
      c["m365-backup:backupTasks"] = { namePrefix: "fabrikam" };
    }),
  });
  const run = capture(() => listStacks(["--names"], dir));
  expect(run.code).toBe(0);
  expect(run.out.split("\n").filter(Boolean).sort()).toEqual(["a", "b"]);
});
