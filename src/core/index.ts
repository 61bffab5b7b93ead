export { EngineError, isEngineError, describeError, type EngineErrorOptions } from './errors.js';
export {
  ERROR_CODES,
  ERROR_CODE_GROUPS,
  EXIT_CODES,
  type ErrorCode,
  type ErrorCategory,
  type ErrorCodeSpec,
} from './error-codes.js';
export { invariant } from './invariant.js';
export {
  diagnostic,
  formatDiagnostic,
  formatLocation,
  DiagnosticBag,
  type Diagnostic,
  type DiagnosticLocation,
  type Severity,
} from './diagnostics.js';
export { createLogger, capabilityLogger, type Logger, type LoggerOptions } from './logger.js';
export { edgeId, contentHash, newRunId } from './ids.js';
export { createRandom, type Random } from './random.js';
export { CSV_RECORD_DELIMITERS, bomLength, createLineIndex, readCsvStretch, type CsvStretch, type LineIndex } from './csv-lines.js';
export { upperBound } from './upper-bound.js';
