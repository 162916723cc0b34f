import { parseArgs, ParseArgsConfig } from "util";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: false }>>["values"];

/**
 * A fleet command's flags, read the same way by every command: --help prints the usage (exit 0), an
 * unknown or missing flag is named with the usage (exit 2). Returns the values, or the exit code to end with.
 */
export function commandArgs<O extends Options>(
  name: string,
  usage: string,
  argv: readonly string[],
  options: O,
  required: { flag: keyof Values<O> & string; hint: string }[] = [],
): Values<O> | number {
  try {
    const values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as Values<O>;
    if ((values as { help?: boolean }).help) {
      process.stdout.write(`${usage}\n`);
      return 0;
    }
    const missing = required.find((r) => !values[r.flag]);
    if (missing) throw new Error(`give --${missing.flag} ${missing.hint}`);
    return values;
  } catch (e) {
    process.stderr.write(`${name}: ${(e as Error).message}\n\n${usage}\n`);
    return 2;
  }
}
