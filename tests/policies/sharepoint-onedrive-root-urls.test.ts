import { rootUrlTenant, sharePointOneDriveRootUrls } from "../../policies/sharepoint-onedrive-root-urls";
import type { RecordedResource } from "../../tools/mock-runtime/recording-monitor";
import { mutate, unknown, violationsOfStack } from "./policy-harness";
import { goodStack, isTask } from "./stack-fixtures";
import { devStackConfig, runProgram } from "../harness/program-under-mocks";

const withRootUrl = (stack: RecordedResource[], service: string, rootUrl: unknown) =>
  mutate(stack, isTask(service), (r) => ({ inputs: { ...r.inputs, rootUrl }, outputs: { ...r.outputs, rootUrl } }));

describe("sharepoint-onedrive-root-urls", () => {
  it("passes the dev stack's root URLs", async () => {
    expect(await violationsOfStack(sharePointOneDriveRootUrls, await goodStack())).toEqual([]);
  });

  it("fails a OneDrive URL given for SharePoint", async () => {
    const stack = withRootUrl(await goodStack(), "sharepoint", "https://contoso-my.sharepoint.com");
    expect(await violationsOfStack(sharePointOneDriveRootUrls, stack)).toEqual([
      expect.stringMatching(
        /^Backup task \S+ \(sharepoint\) has root URL https:\/\/contoso-my\.sharepoint\.com; it must be <tenant>\.sharepoint\.com\.$/,
      ),
    ]);
  });

  it("fails a root URL of another tenant", async () => {
    const stack = withRootUrl(await goodStack(), "onedrive", "https://fabrikam-my.sharepoint.com");
    expect(await violationsOfStack(sharePointOneDriveRootUrls, stack)).toEqual([
      expect.stringMatching(
        /^Backup task \S+ \(onedrive\) points at tenant fabrikam \(https:\/\/fabrikam-my\.sharepoint\.com\), but this stack onboards contoso;/,
      ),
    ]);
  });

  it("fails a missing root URL and skips one unknown during preview", async () => {
    const stack = (await goodStack()).map((r) =>
      isTask("sharepoint")(r) ? { ...r, outputs: Object.fromEntries(Object.entries(r.outputs).filter(([k]) => k !== "rootUrl")) } : r,
    );
    expect(await violationsOfStack(sharePointOneDriveRootUrls, stack)).toEqual([
      expect.stringMatching(/\(sharepoint\) has no root URL; it must be <tenant>\.sharepoint\.com\.$/),
    ]);
    expect(await violationsOfStack(sharePointOneDriveRootUrls, withRootUrl(await goodStack(), "sharepoint", unknown))).toEqual([]);
  });

  it("parses only bare root URLs, as the guide enters them or with https", () => {
    expect(rootUrlTenant("sharepoint", "https://Contoso.sharepoint.com/")).toBe("contoso");
    expect(rootUrlTenant("sharepoint", "contoso.sharepoint.com")).toBe("contoso");
    expect(rootUrlTenant("onedrive", "contoso-my.sharepoint.com")).toBe("contoso");
    expect(rootUrlTenant("sharepoint", "contoso-my.sharepoint.com")).toBeUndefined();
    expect(rootUrlTenant("sharepoint", "http://contoso.sharepoint.com")).toBeUndefined();
    expect(rootUrlTenant("onedrive", "https://contoso-my.sharepoint.com/personal")).toBeUndefined();
  });

  it("a configured SharePoint root (renamed domain, national cloud) is what the tasks use and what the policy checks", async () => {
    const config = devStackConfig();
    config["m365-backup:tenant"] = { ...(config["m365-backup:tenant"] as object), sharePointRootUrl: "contosogov.sharepoint.us" };
    const run = await runProgram(config);
    expect(run.error).toBeUndefined();
    const roots = run.resources
      .filter((r) => isTask("sharepoint")(r) || isTask("onedrive")(r))
      .map((r) => r.inputs.rootUrl)
      .sort();
    expect(roots).toEqual(["contosogov-my.sharepoint.us", "contosogov.sharepoint.us"]);
    expect(await violationsOfStack(sharePointOneDriveRootUrls, run.resources)).toEqual([]);
    // A task left on the old name or the commercial cloud fails.
    expect(await violationsOfStack(sharePointOneDriveRootUrls, withRootUrl(run.resources, "onedrive", "contoso-my.sharepoint.us"))).toEqual(
      [expect.stringMatching(/points at tenant contoso .* but this stack onboards contosogov/)],
    );
    expect(
      await violationsOfStack(sharePointOneDriveRootUrls, withRootUrl(run.resources, "sharepoint", "contosogov.sharepoint.com")),
    ).toEqual([expect.stringMatching(/is on sharepoint\.com, but this stack's SharePoint root is on sharepoint\.us/)]);
  });

  it("parses national-cloud roots", () => {
    expect(rootUrlTenant("sharepoint", "contoso.sharepoint.us")).toBe("contoso");
    expect(rootUrlTenant("onedrive", "https://contoso-my.sharepoint-mil.us")).toBe("contoso");
    expect(rootUrlTenant("sharepoint", "contoso.sharepoint.cn")).toBe("contoso");
    expect(rootUrlTenant("sharepoint", "contoso.sharepoint.evil.com")).toBeUndefined();
  });
});
