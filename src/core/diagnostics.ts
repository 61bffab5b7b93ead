/**
 * Diagnostics describe bad input without aborting a batch. Each names where
 * the problem is (file, line, record, JSON pointer, field) and why.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface DiagnosticLocation {
  readonly source?: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly record?: number;
  readonly pointer?: string;
  readonly field?: string;
}

export interface Diagnostic {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly location: DiagnosticLocation;
}

export function diagnostic(
  code: string,
  message: string,
  location: DiagnosticLocation = {},
  severity: Severity = 'error',
): Diagnostic {
  return { severity, code, message, location };
}

/** "file:line (record 3, /a/b, field x)" — the place, for one-line messages. */
export function formatLocation(location: DiagnosticLocation): string {
  const head = [location.file ?? location.source, location.line, location.column]
    .filter((part) => part !== undefined)
    .join(':');
  const extra: string[] = [];
  if (location.record !== undefined) extra.push(`record ${location.record}`);
  if (location.pointer !== undefined) extra.push(location.pointer === '' ? '/' : location.pointer);
  if (location.field !== undefined) extra.push(`field ${location.field}`);
  if (head && extra.length) return `${head} (${extra.join(', ')})`;
  return head || extra.join(', ');
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = formatLocation(d.location);
  return `${d.severity} ${d.code}${where ? ` at ${where}` : ''}: ${d.message}`;
}

/** Collects diagnostics for one batch; the batch goes on whatever is added. */
export class DiagnosticBag {
  readonly #items: Diagnostic[] = [];

  add(d: Diagnostic): void {
    this.#items.push(d);
  }

  get items(): readonly Diagnostic[] {
    return this.#items;
  }

  get errorCount(): number {
    return this.#items.filter((d) => d.severity === 'error').length;
  }

  get hasErrors(): boolean {
    return this.#items.some((d) => d.severity === 'error');
  }
}
