import { ConfigValidationError } from "../../infra/config/errors";
import { parseStackConfig } from "../../infra/config/load";
import { devStackConfig } from "../harness/program-under-mocks";

/** Mistakes in a stack's config that used to pass silently, each named with the key and a fix that works. */
type Stack = Record<string, unknown>;
const ns = "m365-backup:";
function problemsOf(stack: Stack, secrets: string[] = []): string[] {
  const raw = Object.fromEntries(
    Object.entries(stack)
      .filter(([k]) => k.startsWith(ns) && !secrets.includes(k))
      .map(([k, v]) => [k.slice(ns.length), v]),
  );
  try {
    parseStackConfig(raw, stack, (k) => secrets.includes(k), process.env);
    return [];
  } catch (e) {
    if (e instanceof ConfigValidationError) return e.problems;
    throw e;
  }
}
const dev = (change: (c: Record<string, Record<string, unknown>>) => void = () => undefined): Stack => {
  const c = structuredClone(devStackConfig()) as Record<string, Record<string, unknown>>;
  change(c);
  return c;
};

test("the dev stack passes (the baseline every case below changes one thing of)", () => {
  expect(problemsOf(dev())).toEqual([]);
});

test.each([
  ["m365-backup:rolout", "m365-backup:rollout"],
  ["m365-backup:backuptasks", "m365-backup:backupTasks"],
  ["m365-backup:vendorClientSecert", "m365-backup:vendorClientSecret"],
])("a top-level key of the project that does not exist (%s) is an error naming the closest valid one", (typo, meant) => {
  const stack = dev();
  stack[typo] = { mode: "self-service" };
  expect(problemsOf(stack)).toEqual([
    expect.stringMatching(
      new RegExp(`^${typo}: unknown key, ignored by the program .* Did you mean ${meant}\\? Fix: rename it to ${meant.slice(ns.length)}`),
    ),
  ]);
});

test.each(["m365backup", "m365_backup", "M365-Backup", "m365-bakup"])(
  "a near-miss namespace (%s:services) is an error naming the key it was meant to be",
  (namespace) => {
    const stack = dev();
    stack[`${namespace}:services`] = { exchange: false };
    expect(problemsOf(stack)).toEqual([
      expect.stringMatching(new RegExp(`^${namespace}:services: unknown namespace "${namespace}".* Did you mean m365-backup:services\\?`)),
    ]);
  },
);

test("azuread:tenantId must be the tenant the config onboards", () => {
  const stack = dev();
  stack["azuread:tenantId"] = "11111111-2222-4333-8444-555555555555";
  expect(problemsOf(stack)).toEqual([
    expect.stringMatching(
      /^azuread:tenantId = "11111111-.*differs from m365-backup:tenant\.id \(0f3a6b1e-.*Fix: pulumi config set azuread:tenantId 0f3a6b1e-/,
    ),
  ]);
});

test("a URL carrying a user name or password is refused wherever it is, without repeating it", () => {
  // A password with an @ in it is masked whole, not up to its first @.
  const stack = dev((c) => (c["m365-backup:vendorApi"].emulatorUrl = "http://admin:hunter@22@127.0.0.1:8787"));
  stack["azure-native:proxy"] = "https://user:pa55word@proxy.example";
  const problems = problemsOf(stack);
  expect(problems).toEqual([
    expect.stringMatching(/^azure-native:proxy: not a key this stack may set/),
    expect.stringMatching(/^m365-backup:vendorApi\.emulatorUrl: a URL with a user name or password/),
    expect.stringMatching(/^azure-native:proxy: a URL with a user name or password/),
    // The section's own rule names the key too, with the credential masked.
    expect.stringMatching(/^m365-backup:vendorApi\.emulatorUrl = "http:\/\/\*\*\*@127\.0\.0\.1:8787": must be http/),
  ]);
  expect(problems.join("\n")).not.toMatch(/hunter|22@|pa55word/);
});

test("a customer-app certificate that already ended is refused", () => {
  const stack = dev((c) => {
    c["m365-backup:consent"] = {
      mode: "customer-app",
      credential: {
        kind: "certificate",
        certificatePem: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
        endDate: "2001-01-01T00:00:00Z",
      },
    };
  });
  expect(problemsOf(stack)).toEqual([
    expect.stringMatching(/^m365-backup:consent\.credential\.endDate = "2001-01-01T00:00:00Z": is in the past/),
  ]);
});

test("counts and lists beyond sane bounds are refused before anything is planned", () => {
  const huge = dev((c) => (c["m365-backup:tenant"].mailboxCount = 1e12));
  expect(problemsOf(huge)).toEqual([
    expect.stringMatching(/^m365-backup:tenant\.mailboxCount = 1000000000000: must be at most 10,000,000/),
  ]);
  const long = dev((c) => (c["m365-backup:rollout"].priority = Array.from({ length: 160_000 }, (_, i) => `user${i}@contoso.com`)));
  expect(problemsOf(long)).toEqual([expect.stringMatching(/^m365-backup:rollout\.priority = .*: may name at most 5,000 entities/)]);
});

test("numbers exactly as pulumi config set --path writes them (text) are accepted", () => {
  const stack = dev((c) => {
    c["m365-backup:rollout"].safetyFactor = "2.5";
    c["m365-backup:rollout"].healthyThreshold = "0.9";
    c["m365-backup:tenant"].mailboxCount = "2400";
    (c["m365-backup:backupTasks"].defaults as Record<string, unknown>).retainArchivedDays = "365";
  });
  expect(problemsOf(stack)).toEqual([]);
  // Text that is not a number still fails, naming what is expected.
  const bad = dev((c) => (c["m365-backup:rollout"].safetyFactor = "two"));
  expect(problemsOf(bad)).toEqual([expect.stringMatching(/^m365-backup:rollout\.safetyFactor = "two": .*expected number/)]);
});

test("a union says what it expects, and a whole section's fix sets its fields, not the section", () => {
  const union = dev((c) => ((c["m365-backup:backupTasks"].defaults as Record<string, unknown>).retainArchivedDays = "forevr"));
  expect(problemsOf(union)).toEqual([
    expect.stringMatching(
      /retainArchivedDays = "forevr": must be a whole number of days from 1 to 3650, or "forever"\. Fix: pulumi config set --path 'backupTasks\.defaults\.retainArchivedDays' <value>/,
    ),
  ]);
  const section = dev((c) => ((c as Record<string, unknown>)["m365-backup:tenant"] = "contoso"));
  const [problem] = problemsOf(section);
  expect(problem).toMatch(
    /^m365-backup:tenant = "contoso": .*expected object.* Fix: it is a section; set each field, e\.g\. pulumi config set --path 'tenant\.<field>' <value>, or write it in Pulumi\.<stack>\.yaml as/,
  );
  expect(problem).not.toMatch(/--path 'tenant' /);
});
