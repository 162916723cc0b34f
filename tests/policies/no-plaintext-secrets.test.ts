import { noPlaintextSecrets } from "../../policies/no-plaintext-secrets";
import type { RecordedResource } from "../../tools/mock-runtime/recording-monitor";
import { recorded, secret, unknown, violationsOfResource } from "./policy-harness";
import { goodStack, isAccountUser, types } from "./stack-fixtures";

const violationsOf = (r: RecordedResource, config?: Record<string, unknown>) => violationsOfResource(noPlaintextSecrets, r, config);

describe("no-plaintext-secrets", () => {
  it("passes every resource of the dev stack, including the serialized providers", async () => {
    for (const r of await goodStack())
      expect({ name: r.name, violations: await violationsOf(r) }).toEqual({ name: r.name, violations: [] });
  });

  it("passes a password unknown during preview and a designed secret field", async () => {
    const user = (await goodStack()).find(isAccountUser("exchange"))!;
    expect(await violationsOf({ ...user, inputs: { ...user.inputs, password: unknown } })).toEqual([]);
    expect(await violationsOf({ ...user, inputs: { ...user.inputs, password: secret("N0t-a-Real#Passw0rd") } })).toEqual([]);
  });

  it("fails a credential-named input on a type that carries no secret by design", async () => {
    const task = recorded(types.backupTask, "contoso-tasks-exchange", { service: "exchange", vendorClientSecret: "s3cr3t-value" });
    expect(await violationsOf(task)).toEqual([
      "contoso-tasks-exchange: input vendorClientSecret looks like a credential and pulumi-nodejs:dynamic/m365-backup:BackupTask does not carry secrets by design; read credentials from stack config (pulumi config set --secret) or the environment inside the provider, never from resource inputs.",
    ]);
  });

  it("fails a private key, a token and a client secret by their shape, wherever they are", async () => {
    const cert = recorded("azuread:index/applicationCertificate:ApplicationCertificate", "cert", {
      value: "-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----",
    });
    expect(await violationsOf(cert)).toEqual([
      "cert: input value contains what looks like a PEM private key; pass credentials as Pulumi secrets from config, ESC or the environment.",
    ]);
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJiYWNrdXAifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    const licence = (await goodStack()).find((r) => r.type === types.licence)!;
    const captured = {
      ...licence,
      inputs: { ...licence.inputs, __provider: `${String(licence.inputs.__provider)}\nconst token = "${jwt}";` },
    };
    expect(await violationsOf(captured)).toEqual([
      `${licence.name}: the serialized dynamic provider (stored in plain text in state) contains what looks like a JSON Web Token; pass credentials as Pulumi secrets from config, ESC or the environment.`,
    ]);
    const nested = recorded(types.rollout, "rollout", { notes: { text: "client secret abc8Q~aBcDeFgHiJkLmNoPqRsTuVwXyZ01234567" } });
    expect(await violationsOf(nested)).toEqual([
      expect.stringContaining("input notes.text contains what looks like an Entra ID client secret"),
    ]);
  });

  it("does not take names about a credential for the credential", async () => {
    const vaultSecret = recorded("azure-native:keyvault:Secret", "s", {
      secretName: "exchange-backup-password",
      properties: { value: secret("x"), contentType: "text/plain; backup service account password" },
    });
    expect(await violationsOf(vaultSecret)).toEqual([]);
  });

  it("follows configured secret fields", async () => {
    const r = recorded("example:index:Thing", "thing", { adminPassword: "p4ssw0rd!" });
    expect(await violationsOf(r)).toHaveLength(1);
    expect(await violationsOf(r, { secretFields: { "example:index:Thing": ["adminPassword"] } })).toEqual([]);
  });
});
