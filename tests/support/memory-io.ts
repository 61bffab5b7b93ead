import type { CliIO } from '../../src/cli/io.js';

/** An in-memory CliIO for driving `main()` in tests. */
export interface MemoryIO extends CliIO {
  readonly stdout: () => string;
  readonly stderr: () => string;
}

export function memoryIO(env: Record<string, string | undefined> = {}, cwd = process.cwd()): MemoryIO {
  let out = '';
  let err = '';
  return {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    interactive: false,
    env,
    cwd,
    stdout: () => out,
    stderr: () => err,
  };
}
