import { parseArgs } from "util";

/**
 * The command line of a generator of a checked-in file (`npm run config-reference`, `stack-file-schema`):
 * prints what it generates, or with --write puts it in place; --help prints the usage; a wrong flag exits 2.
 */
export function runGeneratorCommand(name: string, usage: string, generate: () => string, write: (text: string) => string): void {
  let writing = false;
  try {
    const { values } = parseArgs({
      options: { write: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(`${usage}\n`);
      return;
    }
    writing = values.write === true;
  } catch (e) {
    process.stderr.write(`${name}: ${(e as Error).message}\n${usage}\n`);
    process.exitCode = 2;
    return;
  }
  const text = generate();
  process.stdout.write(writing ? `${write(text)}\n` : text.endsWith("\n") ? text : `${text}\n`);
}
