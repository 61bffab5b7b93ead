import { Parser, type Quad } from 'n3';
import { EngineError } from '../core/index.js';

export interface ParseTurtleOptions {
  /** The Turtle document. */
  readonly text: string;
  /** File name reported in errors (a path or a label such as `<inline>`). */
  readonly file: string;
  /** Base IRI for relative IRIs; defaults to the Turtle document's own @base, if any. */
  readonly baseIri?: string;
}

/** Line number n3's parser attaches to a syntax error (its `context.line`). */
function lineOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null || !('context' in error)) return null;
  const context = (error as { context: unknown }).context;
  if (typeof context !== 'object' || context === null || !('line' in context)) return null;
  const line = (context as { line: unknown }).line;
  return typeof line === 'number' ? line : null;
}

/**
 * Parse a Turtle document (W3C RDF 1.1 Turtle) into quads. A syntax error becomes an
 * EngineError CG_ONTOLOGY_INVALID whose message and details name the file and line, so an
 * ontology author can jump to the fault.
 */
export function parseTurtle(options: ParseTurtleOptions): Quad[] {
  const parser = new Parser({ format: 'text/turtle', ...(options.baseIri ? { baseIRI: options.baseIri } : {}) });
  try {
    return parser.parse(options.text);
  } catch (error) {
    const line = lineOf(error);
    const reason = error instanceof Error ? error.message : String(error);
    const where = line === null ? options.file : `${options.file}:${line}`;
    throw new EngineError('CG_ONTOLOGY_INVALID', `${where}: Turtle syntax error: ${reason}`, {
      details: { file: options.file, line },
      cause: error,
    });
  }
}
