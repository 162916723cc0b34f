import { tenantMismatch } from "../../infra/backup-tasks/tenant-binding";

/** A task found by name is this tenant's only on evidence, and any evidence for another tenant refuses it. */
const inputs = (over: Record<string, unknown> = {}) => ({
  service: "exchange" as const,
  taskName: "Contoso Exchange backup",
  tenantDomains: ["contoso.com", "contoso.onmicrosoft.com"],
  owner: { tenantId: "0f3a6b1e-2c4d-4e8f-9a0b-1c2d3e4f5a6b", stack: "contoso", resource: "r" },
  ...over,
});
const task = (over: Record<string, unknown> = {}) => ({ id: "t1", name: "Contoso Exchange backup", ...over });

test("the task's domain or sign-in account on the tenant's domains binds it; a subdomain counts", () => {
  expect(tenantMismatch(inputs(), task({ domain: "contoso.com" }))).toBeUndefined();
  expect(tenantMismatch(inputs(), task({ signInAccount: "exchange_backup@contoso.onmicrosoft.com" }))).toBeUndefined();
  expect(tenantMismatch(inputs(), task({ signInAccount: "admin@eu.contoso.com" }))).toBeUndefined();
});

test("another tenant's domain, sign-in account, site root or mailboxes refuse it, naming what was seen", () => {
  expect(tenantMismatch(inputs(), task({ domain: "fabrikam.com" }))).toMatch(
    /is for domain fabrikam\.com, not this stack's tenant .*contoso\.com/,
  );
  expect(tenantMismatch(inputs(), task({ domain: "notcontoso.com" }))).toMatch(/notcontoso\.com/);
  expect(tenantMismatch(inputs(), task({ signInAccount: "admin@fabrikam.com" }))).toMatch(/signed in as admin@fabrikam\.com/);
  expect(
    tenantMismatch(inputs({ service: "sharepoint", rootUrl: "contoso.sharepoint.com" }), task(), [
      "https://fabrikam.sharepoint.com/sites/hr",
    ]),
  ).toMatch(/backs up https:\/\/fabrikam\.sharepoint\.com\/sites\/hr, which is not under contoso\.sharepoint\.com/);
  expect(tenantMismatch(inputs(), task(), ["a@fabrikam.com", "b@fabrikam.com"])).toMatch(/none of them on a domain of this stack's tenant/);
  expect(tenantMismatch(inputs(), task(), ["a@fabrikam.com", "b@contoso.com"])).toBeUndefined();
});

test("no evidence at all is not adopted: nothing says whose task it is", () => {
  expect(tenantMismatch(inputs(), task())).toMatch(/shows no domain, sign-in account or backed-up entity/);
});

test("a OneDrive task whose entities are all another tenant's addresses, or one signed in to another tenant, is refused", () => {
  const onedrive = inputs({ service: "onedrive", rootUrl: "contoso-my.sharepoint.com" });
  expect(tenantMismatch(onedrive, task(), ["a@fabrikam.com", "b@fabrikam.com"])).toMatch(/none of them on a domain of this stack's tenant/);
  expect(tenantMismatch(onedrive, task(), ["a@fabrikam.com", "b@contoso.com"])).toBeUndefined();
  expect(tenantMismatch(inputs(), task({ tenantId: "5e2f8a90-1c3b-4d7e-9f60-2b4a6c8d0e13", domain: "contoso.com" }))).toMatch(
    /is signed in to tenant 5e2f8a90-1c3b-4d7e-9f60-2b4a6c8d0e13, not this stack's tenant/,
  );
});
