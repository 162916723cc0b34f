// The fleet's program: every tenant stack runs the module's whole onboarding, configured by its stack file
// (Pulumi.<tenant>.yaml). The offline gate evaluates the module's program, so keep this a re-export.
export * from "m365-backup-onboarding/program";
