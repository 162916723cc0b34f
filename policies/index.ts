import { PolicyPack } from "@pulumi/policy";
import { packPolicies } from "./pack-policies";

// The pack's entry: constructing the PolicyPack starts the analyzer server, so nothing imports this file.
new PolicyPack("m365-backup-onboarding", {
  description:
    "Guards Microsoft 365 backup onboarding stacks: isolated least-privilege backup accounts, one consented backup app, staged activation, safe backup tasks, no plaintext secrets.",
  enforcementLevel: "mandatory",
  policies: packPolicies,
});
