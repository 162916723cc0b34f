import { devStackConfig, runProgram } from "../harness/program-under-mocks";

/**
 * Every dynamic provider the program registers is serialized into state. Whatever any engineer adds,
 * none may carry a credential: run the dev stack with known test secrets in secret config and in the
 * environment, collect every `__provider` text and look for them and for credential-shaped literals.
 */
const knownSecrets = {
  vendorClientSecret: "test-vendor-client-secret-6c1d9e",
  vendorPassword: "test-vendor-password-0b7f2a",
  azureClientSecret: "test-azure-client-secret-93ae41",
  oidcToken: "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl",
};

const credentialShapes: [string, RegExp][] = [
  ["a JWT", /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/],
  ["a bearer token", /Bearer\s+[A-Za-z0-9._~+/-]{16,}/],
  [
    "a password or secret literal",
    /["']?(password|passwd|secret|client_?secret|api_?key|access_?token)["']?\s*[:=]\s*["'][^"'\s]{6,}["']/i,
  ],
  ["a connection string key", /AccountKey=|SharedAccessKey=/],
  ["an offline placeholder password", /offline-placeholder/],
];

const saved: Record<string, string | undefined> = {};
const env = {
  AZURE_CLIENT_SECRET: knownSecrets.azureClientSecret,
  ARM_CLIENT_SECRET: knownSecrets.azureClientSecret,
  ARM_OIDC_TOKEN: knownSecrets.oidcToken,
};

beforeAll(() => {
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

test("no serialized dynamic provider in the dev stack contains a credential", async () => {
  const run = await runProgram(
    {
      ...devStackConfig(),
      "m365-backup:vendorClientSecret": knownSecrets.vendorClientSecret,
      "m365-backup:vendorPassword": knownSecrets.vendorPassword,
    },
    { secretKeys: ["m365-backup:vendorClientSecret", "m365-backup:vendorPassword"] },
  );
  if (run.error) throw run.error;
  const providers = run.resources
    .filter((r) => typeof r.inputs.__provider === "string")
    .map((r) => ({ type: r.type, text: r.inputs.__provider as string }));
  // At least the licence assignments; other engineers' providers are covered as they are added.
  expect(providers.map((p) => p.type)).toContain("pulumi-nodejs:dynamic/m365-backup:LicenceAssignment");
  for (const { type, text } of providers) {
    for (const secret of Object.values(knownSecrets)) expect(`${type}: ${text.includes(secret) ? secret : "clean"}`).toBe(`${type}: clean`);
    for (const [what, shape] of credentialShapes) {
      const hit = shape.exec(text)?.[0];
      expect(`${type} holds ${what}: ${hit ?? "none"}`).toBe(`${type} holds ${what}: none`);
    }
  }
});

test("the scan itself catches a provider that captured a secret", () => {
  const leaky = `exports.handler = { create: () => fetch(u, { headers: { "client-secret": "${knownSecrets.vendorClientSecret}" } }) }; const password = "hunter2-xyz";`;
  expect(leaky.includes(knownSecrets.vendorClientSecret)).toBe(true);
  expect(credentialShapes.some(([, shape]) => shape.test(leaky))).toBe(true);
});
