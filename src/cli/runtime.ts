import { type Command, Option } from 'commander';
import {
  EngineError,
  EXIT_CODES,
  createLogger,
  describeError,
  isEngineError,
  newRunId,
  type Logger,
} from '../core/index.js';
import { loadConfig, readConfigFile, type Config } from '../config/index.js';
import type { CliIO } from './io.js';

/** Flags every command that touches the graph accepts. */
export interface StoreFlags {
  readonly config?: string;
  readonly store?: string;
  readonly storePath?: string;
  readonly neo4jUri?: string;
  readonly neo4jUser?: string;
  readonly neo4jPassword?: string;
  readonly neo4jDatabase?: string;
  readonly logLevel?: string;
}

/** What a command module gets: its I/O, config building, error handling. */
export interface CliRuntime {
  readonly io: CliIO;
  /** Builds the frozen configuration: defaults < --config file < environment < flags. */
  config(flags: StoreFlags): Readonly<Config>;
  logger(config: Readonly<Config>): Logger;
  /**
   * Runs a command action: an error becomes one line on stderr
   * ("civgraph: <reason>") and the exit code of its category; never a stack
   * trace unless CIVGRAPH_DEBUG is set.
   */
  run(action: () => Promise<void>): Promise<void>;
  readonly exitCode: number;
  setExitCode(code: number): void;
}

/** A CLI command: one file per command under src/cli/commands/. */
export interface CommandModule {
  register(program: Command, runtime: CliRuntime): void;
}

/** Adds the store-selection and config flags to a command. */
/** A whole-number flag within [min, max] (CG_ARGUMENT_INVALID otherwise); an absent flag stays undefined. */
export function wholeNumber(name: string, raw: string, min: number, max: number): number;
export function wholeNumber(name: string, raw: string | undefined, min: number, max: number): number | undefined;
export function wholeNumber(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new EngineError('CG_ARGUMENT_INVALID', `--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export function withStoreOptions(command: Command): Command {
  return command
    .addOption(new Option('--store <kind>', 'graph store to use').choices(['embedded', 'neo4j']))
    .option('--store-path <file>', 'embedded store file (default ./civgraph.db)')
    .option('--neo4j-uri <uri>', 'Neo4j Bolt URI, e.g. bolt://127.0.0.1:7687')
    .option('--neo4j-user <user>', 'Neo4j user')
    .option('--neo4j-password <password>', 'Neo4j password')
    .option('--neo4j-database <name>', 'Neo4j database (default neo4j)')
    .option('--config <file>', 'JSON configuration file')
    .option('--log-level <level>', 'log level on stderr (default warn)');
}

function overridesFrom(flags: StoreFlags): Record<string, unknown> {
  return {
    store: {
      kind: flags.store,
      path: flags.storePath,
      neo4j: {
        uri: flags.neo4jUri,
        user: flags.neo4jUser,
        password: flags.neo4jPassword,
        database: flags.neo4jDatabase,
      },
    },
    log: { level: flags.logLevel },
  };
}

export function createRuntime(io: CliIO): CliRuntime {
  let exitCode = 0;
  const runId = newRunId();
  return {
    io,
    config(flags) {
      const file = flags.config === undefined ? undefined : readConfigFile(flags.config);
      return loadConfig({ file, env: io.env, overrides: overridesFrom(flags) });
    },
    logger(config) {
      return createLogger({ level: config.log.level, runId });
    },
    async run(action) {
      try {
        await action();
      } catch (error) {
        io.err(`civgraph: ${describeError(error)}\n`);
        if (io.env['CIVGRAPH_DEBUG'] && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
        exitCode = isEngineError(error) ? EXIT_CODES[error.category] : 1;
      }
    },
    get exitCode() {
      return exitCode;
    },
    setExitCode(code) {
      exitCode = code;
    },
  };
}
