import { emulatorSwitchVariable } from "../../infra/config/emulator-switch";

// The suite talks to loopback emulators: the one place where the environment allows an emulator URL.
// Child processes (program process, dynamic-provider hosts, the gate's CLI) inherit it.
process.env[emulatorSwitchVariable] = "allow";
