import { describeError } from '../src/core/index.js';

/**
 * Runs a tool's `main` on the command line's arguments and exits with its code; a failure prints
 * one line (the error's code and message, as the CLI does) and exits 1.
 */
export function runTool(main: (argv: readonly string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${describeError(error)}\n`);
      process.exit(1);
    },
  );
}
