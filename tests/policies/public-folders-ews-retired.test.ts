import { publicFoldersEwsRetired } from "../../policies/public-folders-ews-retired";
import { recorded, violationsOfResource } from "./policy-harness";
import { types } from "./stack-fixtures";

describe("public-folders-ews-retired", () => {
  const grant = async (claimValues: string[]) =>
    recorded(types.grant, "contoso-consent-exchange-ews", {
      claimValues,
      servicePrincipalObjectId: "sp",
      resourceServicePrincipalObjectId: "exo",
    });

  it("warns on a consent that grants EWS.AccessAsUser.All, naming the dates and the fix", async () => {
    expect(await violationsOfResource(publicFoldersEwsRetired, await grant(["EWS.AccessAsUser.All"]))).toEqual([
      expect.stringMatching(
        /blocks by default since 1 October 2026 and shuts down on 1 April 2027.*exchange\.backupPublicFolders to false/,
      ),
    ]);
  });

  it("passes grants without EWS", async () => {
    expect(await violationsOfResource(publicFoldersEwsRetired, await grant(["User.Read", "offline_access"]))).toEqual([]);
  });
});
