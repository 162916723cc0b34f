import * as fs from "fs";
import * as path from "path";
import { sharePointTaskInputs, serializedTaskProvider } from "../backup-tasks/task-provider-fixture";
import { DynamicProviderHost } from "../harness/dynamic-provider-host";
import { untrustedProviderReason } from "../../policies/trusted-dynamic-providers";

/**
 * A provider text as stacks stored it before the shims became one factory (0.2.0): refresh and destroy run
 * the stored text, so it must still load its runtime; and the factory's text is trusted by the same pack.
 */
const saved = fs.readFileSync(path.join(__dirname, "saved", "backup-task-provider-0.2.0.txt"), "utf8");
const urn = "urn:pulumi:test::m365-backup::pulumi-nodejs:dynamic/m365-backup:BackupTask::saved";
let host: DynamicProviderHost;
beforeAll(async () => {
  host = await DynamicProviderHost.start();
});
afterAll(() => host?.stop());

test("the BackupTask provider text saved in 0.2.0 still loads its runtime in the engine's provider host", async () => {
  const checked = await host.check(urn, {}, sharePointTaskInputs(saved, "Contoso SharePoint backup"));
  expect(checked.failures).toEqual([]);
  // The current runtime answered: its schema's newest default is in the checked inputs.
  expect(checked.inputs).toMatchObject({ consoleWaitDays: 7 });
});

test("the factory's text and the saved text are both the shape the pack trusts, and forward the same methods", async () => {
  const current = await serializedTaskProvider();
  const type = "pulumi-nodejs:dynamic/m365-backup:BackupTask";
  expect(untrustedProviderReason(type, saved)).toBeUndefined();
  expect(untrustedProviderReason(type, current)).toBeUndefined();
  const methods = (text: string) => [...text.matchAll(/loadProviderRuntime\)\(runtimePath\)\.(\w+)\(/g)].map((m) => m[1]).sort();
  expect(methods(current)).toEqual(methods(saved));
  expect(methods(current)).toEqual(["check", "configure", "create", "diff", "read", "remove", "update"]);
});
