import * as fs from "fs";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import { parse } from "yaml";
import { stackFileSchemaPath, stackFileSchemaText } from "../../tools/config-reference/stack-file-schema";

/** docs/stack-file.schema.json as an editor uses it: current with the schema, passing the examples, flagging the slips. */
const projectDir = path.resolve(__dirname, "..", "..");
const schema = JSON.parse(fs.readFileSync(stackFileSchemaPath, "utf8")) as object;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
const example = (stack: string) =>
  parse(fs.readFileSync(path.join(projectDir, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };

test("the published schema is the one the config schema gives (npm run stack-file-schema -- --write)", () => {
  expect(fs.readFileSync(stackFileSchemaPath, "utf8")).toBe(stackFileSchemaText());
});

test.each(["dev", "fabrikam", "adatum", "northwind"])("the example stack %s validates", (stack) => {
  expect({ stack, valid: validate(example(stack)), errors: validate.errors ?? null }).toEqual({ stack, valid: true, errors: null });
});

test("a typo'd key of the project, a wrong value, a plain-text secret and a provider key off the allow-list are flagged; numbers as text and the providers' tenant are not", () => {
  const doc = example("dev");
  doc.config["m365-backup:rolout"] = { mode: "self-service" };
  expect(validate(doc)).toBe(false);
  delete doc.config["m365-backup:rolout"];
  (doc.config["m365-backup:rollout"] as Record<string, unknown>).mode = "automatic";
  expect(validate(doc)).toBe(false);
  (doc.config["m365-backup:rollout"] as Record<string, unknown>).mode = "vendor-managed";
  doc.config["m365-backup:vendorPassword"] = "Winter2026!";
  expect(validate(doc)).toBe(false);
  doc.config["m365-backup:vendorPassword"] = { secure: "v1:AAAA" };
  (doc.config["m365-backup:rollout"] as Record<string, unknown>).safetyFactor = "2.5";
  doc.config["azuread:metadataHost"] = "login.attacker.example";
  expect(validate(doc)).toBe(false);
  delete doc.config["azuread:metadataHost"];
  doc.config["azure-native:tenantId"] = doc.config["azuread:tenantId"];
  expect({ valid: validate(doc), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
});
