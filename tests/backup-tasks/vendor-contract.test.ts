import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { entitySchema, taskSchema } from "../../infra/cloudally/vendor-schemas";
import { CloudAllyEmulator } from "../emulators/cloudally/cloudally-emulator";
import { testVendorCredentials } from "./vendor-fixtures";

/** The written contract, the client's schemas and the emulator's routes held against each other. */
const contract = parse(fs.readFileSync(path.join(__dirname, "..", "..", "docs", "cloudally-api.openapi.yaml"), "utf8")) as {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, { required?: string[]; properties: Record<string, unknown> }> };
};
const documented = Object.entries(contract.paths).flatMap(([p, ops]) =>
  Object.keys(ops)
    .filter((m) => m !== "parameters")
    .map((m) => `${m.toUpperCase()} ${p.replace(/\{[^}]+\}/g, "{}")}`),
);

test("every route the emulator serves is in the contract (the sign-in page aside)", () => {
  const served = new CloudAllyEmulator({ credentials: testVendorCredentials }).service.routeList().filter((r) => !r.startsWith("GET /oauth/"));
  expect(served.length).toBeGreaterThan(10);
  expect(served.filter((r) => !documented.includes(r))).toEqual([]);
});

test("the client's task and entity schemas read exactly the contract's fields", () => {
  for (const [name, schema] of [["Task", taskSchema], ["Entity", entitySchema]] as const) {
    const written = contract.components.schemas[name];
    expect({ name, fields: Object.keys(schema.shape).sort() }).toEqual({ name, fields: Object.keys(written.properties).sort() });
    const required = Object.entries(schema.shape).filter(([, f]) => !f.safeParse(undefined).success).map(([k]) => k);
    expect({ name, required: required.sort() }).toEqual({ name, required: [...(written.required ?? [])].sort() });
  }
});
