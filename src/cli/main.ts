import { Command, CommanderError } from 'commander';
import { processIO, type CliIO } from './io.js';
import { createRuntime } from './runtime.js';
import { COMMANDS } from './commands/index.js';

/** The package version, kept in one place for --version and decision records. */
export const VERSION = '0.1.0';

/**
 * The composition root of the CLI: parses argv, dispatches to one command
 * module, and returns the exit code (it never calls process.exit, so output
 * is flushed). Only this file and the API server build adapters and config.
 */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const runtime = createRuntime(io);
  const program = new Command('civgraph')
    .description('CivGraph: knowledge-graph policy and reasoning engine for smart-city security')
    .version(VERSION)
    .showHelpAfterError('(run civgraph --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  for (const command of COMMANDS) command.register(program, runtime);
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    throw error;
  }
  return runtime.exitCode;
}
