import { vendorApiSection } from "../../infra/config/sections/vendor-api";

/** `pulumi config set --path 'vendorApi.accountId' 7731` stores a number: the id is taken as written, never refused or rounded. */
const base = { clientId: "partner-client", accountEmail: "ops@msp.example" };

test("an all-digit account id set without quotes is the same id as a string", () => {
  expect(vendorApiSection.parse({ ...base, accountId: 7731 })?.accountId).toBe("7731");
  expect(vendorApiSection.parse({ ...base, accountId: "007731" })?.accountId).toBe("007731");
});

test("a number that is not an exact id (too large to hold, negative, a fraction) is refused, not rounded", () => {
  for (const accountId of [2 ** 60, -4, 12.5]) expect(vendorApiSection.safeParse({ ...base, accountId }).success).toBe(false);
});
