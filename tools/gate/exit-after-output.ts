/**
 * Exits with the code once stdout and stderr have taken everything written before. process.exit right
 * after a write cuts a piped output short (Node writes to pipes asynchronously): a large plan lost its
 * verdicts and its Result line at 64 KiB.
 */
export function exitAfterOutput(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write("", done);
  process.stderr.write("", done);
}
