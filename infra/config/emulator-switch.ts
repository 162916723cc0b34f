/**
 * vendorApi.emulatorUrl (or CLOUDALLY_EMULATOR_URL) sends the partner credentials to whatever URL it
 * names, so the program and the providers honour it only where the environment says this is a test:
 * the test suite, the offline mock runtime, or a person who runs `npm run emulator` beside `pulumi up`.
 * A stack file alone can never turn it on; the deploy jobs never set the switch.
 */
export const emulatorSwitchVariable = "M365_BACKUP_TEST_EMULATOR";

export function emulatorAllowed(env: NodeJS.ProcessEnv): boolean {
  return env[emulatorSwitchVariable] === "allow";
}

/** Why an emulator URL is refused here, with the fix. */
export function emulatorRefusal(where: string): string {
  return (
    `${where} is set, but ${emulatorSwitchVariable}=allow is not: an emulator URL receives the vendor's partner credentials, so it is honoured ` +
    `only in a test. Fix: remove it and set vendorApi.region (global) for a real tenant; for a local test against npm run emulator, export ${emulatorSwitchVariable}=allow in that shell.`
  );
}

/** The environment the offline tools judge a stack in: nothing is sent anywhere, so the gate's own rule decides on emulator URLs. */
export const offlineJudgement: NodeJS.ProcessEnv = { [emulatorSwitchVariable]: "allow" };
