import { pino, type Logger, type LevelWithSilent, type DestinationStream } from 'pino';

export type { Logger };

export interface LoggerOptions {
  readonly level: LevelWithSilent;
  readonly runId?: string;
  /** Where log lines go; defaults to stderr so stdout stays machine-readable. */
  readonly destination?: DestinationStream;
}

/** The root logger. Capabilities take `logger.child({ capability })` of it. */
export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? pino.destination({ fd: 2, sync: true });
  const root = pino({ level: options.level, base: { runId: options.runId } }, destination);
  return root;
}

export function capabilityLogger(root: Logger, capability: string): Logger {
  return root.child({ capability });
}
