import { runProgram, withConfig } from "../harness/program-under-mocks";

/** `pulumi up` itself refuses a credential that reached the program unencrypted (a stack file, an ESC value without fn::secret). */
describe("the program refuses plain-text credentials before declaring anything", () => {
  it("stops on a plain vendor password and a plain azuread client secret, naming both keys, with nothing registered", async () => {
    const run = await runProgram(
      withConfig({ "m365-backup:vendorPassword": "Winter2026!", "azuread:clientSecret": "abc8Q~0123456789012345678901234567890123" }),
    );
    expect(run.error?.name).toBe("ConfigValidationError");
    expect(run.error?.message).toMatch(
      /m365-backup:vendorPassword is set in plain text: .* pulumi config set --secret vendorPassword <value>/,
    );
    expect(run.error?.message).toMatch(/azuread:clientSecret is set in plain text/);
    expect(run.error?.message).not.toMatch(/Winter2026!|abc8Q~/);
    expect(run.resources).toEqual([]);
  });

  it("accepts the same values as Pulumi secrets", async () => {
    const run = await runProgram(withConfig({ "m365-backup:vendorPassword": "Winter2026!" }), {
      secretKeys: ["m365-backup:vendorPassword"],
    });
    expect(run.error).toBeUndefined();
  });
});
