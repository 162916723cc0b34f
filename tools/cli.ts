#!/usr/bin/env node
import { exitAfterOutput } from "./gate/exit-after-output";

/**
 * The package's command, `m365-backup <command>`: the fleet commands, run in a fleet repository (the
 * working directory holds its Pulumi.yaml and stack files). In this repository `npm run <command>` runs
 * the same modules. Each command's own --help says what it takes.
 */
interface Command {
  summary: string;
  run(argv: readonly string[]): Promise<number> | number;
  /** The exit code of a command that failed itself (not a verdict). */
  failed: number;
}

/* eslint-disable @typescript-eslint/no-require-imports -- each command loads only when it runs */
const commands: Record<string, Command> = {
  plan: {
    summary: "the offline gate: validate and plan stacks, ask the policy pack",
    run: (a) => require("./gate/plan").main(a),
    failed: 2,
  },
  "plan-diff": {
    summary: "what a pull request changes: the gate at the base against the head",
    run: (a) => require("./gate/plan-diff").main(a),
    failed: 2,
  },
  stacks: { summary: "the fleet's stacks (all, or those a change touches)", run: (a) => require("./fleet/list-stacks").main(a), failed: 2 },
  "add-tenant": { summary: "write a new tenant's stack file and gate it", run: (a) => require("./fleet/add-tenant").main(a), failed: 2 },
  coverage: {
    summary: "which entities are protected, per tenant and for the fleet",
    run: (a) => require("./coverage/coverage").main(a),
    failed: 2,
  },
  "vendor-tasks": {
    summary: "the vendor account's tasks as the vendor reports them",
    run: (a) => require("./fleet/vendor-tasks").main(a),
    failed: 2,
  },
  "partner-listings": {
    summary: "read the partner's listings once for the fleet",
    run: (a) => require("./fleet/partner-listings").main(a),
    failed: 2,
  },
};
/* eslint-enable @typescript-eslint/no-require-imports */

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    "usage: m365-backup <command> [options]   (run in the fleet repository; <command> --help for its options)",
    "",
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    "",
  ].join("\n");
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h") {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`m365-backup: unknown command ${JSON.stringify(name)}\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    process.stderr.write(`m365-backup ${name} failed: ${(e as Error).message}\n`);
    return command.failed;
  }
}

if (require.main === module) {
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(2));
  void main(process.argv.slice(2)).then(exitAfterOutput);
}
