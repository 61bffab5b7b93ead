import { Command } from 'commander';
import type { CliIO } from '../io.js';
import { createRuntime, type CommandModule } from '../runtime.js';

/**
 * Runs `argv` (without "node civgraph") through the given commands the way src/cli/main.ts does,
 * with in-memory output, in `cwd`.
 */
export async function runCommands(commands: readonly CommandModule[], argv: string[], cwd: string): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => (out += t), err: (t) => (err += t), interactive: false, env: {}, cwd };
  const runtime = createRuntime(io);
  const program = new Command('civgraph').exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  for (const c of commands) c.register(program, runtime);
  await program.parseAsync(argv, { from: 'user' });
  return { out, err, code: runtime.exitCode };
}
