import * as fs from "fs";
import Ajv2020 from "ajv/dist/2020";
import { coverageSchemaPath, coverageSchemaText } from "../../tools/coverage/coverage-schema";
import { guideSample, sampleBlock, sampleReport } from "../../tools/coverage/coverage-sample";
import { brownfieldProposal } from "../../infra/protection/brownfield-proposal";
import { tenantCoverage } from "../../infra/protection/tenant-coverage";

/** What the docs say of the coverage report is what the code makes. */

test("docs/coverage.schema.json is the schema the code has (npm run coverage-schema -- --write), and a report validates against it", () => {
  expect(fs.readFileSync(coverageSchemaPath, "utf8")).toBe(coverageSchemaText());
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(coverageSchemaText()) as object);
  expect({ valid: validate(sampleReport), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
  expect(validate({ ...sampleReport, tenants: [{ ...sampleReport.tenants[0], verdict: "fine" }] })).toBe(false);
});

test("the operator's guide's sample is what the renderer prints (npm run coverage-sample -- --write)", () => {
  expect(guideSample()).toBe(sampleBlock());
});

const settings = { indexForSearch: true, backupUnlicensedAccounts: false, retainArchivedDays: "forever" as const, autoActivateNew: false };
const expected = [
  { service: "exchange" as const, taskName: "Contoso Exchange backup", settings, paused: false },
  { service: "sharepoint" as const, taskName: "Contoso SharePoint backup", rootUrl: "contoso.sharepoint.com", settings, paused: false },
];

test("a tenant onboarded by hand: the renamed task is found as this tenant's and proposed under its own name", () => {
  const tasks = [
    {
      id: "1",
      service: "exchange" as const,
      name: "CONTOSO mail",
      status: "active" as const,
      vendorStatus: "ACTIVE",
      region: "EU_FRANKFURT",
      signInAccount: "admin@contoso.com",
    },
    {
      id: "2",
      service: "exchange" as const,
      name: "Fabrikam mail",
      status: "active" as const,
      vendorStatus: "ACTIVE",
      signInAccount: "admin@fabrikam.com",
    },
    {
      id: "3",
      service: "sharepoint" as const,
      name: "Contoso SharePoint backup",
      status: "paused" as const,
      vendorStatus: "PAUSED",
      region: "EU_FRANKFURT",
      signInAccount: "admin@contoso.com",
    },
  ];
  const coverage = tenantCoverage({
    stack: "contoso",
    tenantId: "t",
    tenantDomains: ["contoso.com"],
    backend: "test",
    expected,
    tasks,
    rows: new Map(),
    now: new Date("2026-12-10T06:00:00Z"),
    windowHours: 36,
    graceHours: 48,
    listLimit: 10,
  });
  expect(coverage.drift).toEqual([
    'exchange: the task is named "CONTOSO mail" at the vendor, not "Contoso Exchange backup" (renamed, or made by hand).',
    'sharepoint: task "Contoso SharePoint backup" is PAUSED at the vendor: it backs nothing up.',
  ]);
  expect(coverage.verdict).toBe("unverified");
  const proposal = brownfieldProposal("contoso", expected, { exchange: tasks[0], sharepoint: tasks[2] }, "us");
  expect(proposal.config).toEqual({ "backupTasks.taskNames.exchange": "CONTOSO mail", "backupTasks.region": "eu" });
  expect(proposal.commands).toEqual([
    "pulumi config set --stack contoso --path 'backupTasks.taskNames.exchange' 'CONTOSO mail'",
    "pulumi config set --stack contoso --path 'backupTasks.region' 'eu'",
  ]);
  expect(proposal.notes.join(" ")).toMatch(/public API does not show "CONTOSO mail"'s settings/);
});

test("an entity activated long ago that never backed up counts against the tenant; one activated within the grace window does not", () => {
  const now = new Date("2026-12-10T06:00:00Z");
  const coverage = tenantCoverage({
    stack: "contoso",
    tenantId: "t",
    tenantDomains: ["contoso.com"],
    backend: "test",
    expected: [expected[0]],
    tasks: [
      {
        id: "1",
        service: "exchange",
        name: "Contoso Exchange backup",
        status: "active",
        vendorStatus: "ACTIVE",
        signInAccount: "admin@contoso.com",
      },
    ],
    rows: new Map([
      [
        "1",
        [
          { name: "old@contoso.com", active: true, dated: true, activatedOn: "2026-11-01" },
          { name: "new@contoso.com", active: true, dated: true, activatedOn: "2026-12-09" },
          { name: "gone@contoso.com", active: false, archived: true, dated: true },
        ],
      ],
    ]),
    directory: { exchange: [{ name: "old@contoso.com" }, { name: "new@contoso.com" }] },
    now,
    windowHours: 36,
    graceHours: 48,
    listLimit: 10,
  });
  expect(coverage.services[0]).toMatchObject({ activatedNotBackedUp: 2, breaches: 1, orphaned: 0 });
  expect(coverage.verdict).toBe("not-protected");
});
