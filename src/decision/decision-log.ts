/**
 * The append-only, hash-chained decision log (DESIGN.md §8): one JSON line
 * per decision, `{ seq, prev, hash, record }` with
 * hash = sha-256(prev ‖ "\n" ‖ canonical JSON of { seq, record }). Editing,
 * removing or reordering any line breaks the chain from that line on.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fdatasyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { EngineError, diagnostic, type Diagnostic } from '../core/index.js';

export const GENESIS_HASH = '0'.repeat(64);

/** Writes all of `text` (UTF-8) to an open file; a write may take fewer bytes than asked. */
export function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}

/**
 * Appends `text` to `file` and flushes it to the disk (fdatasync) before
 * returning, so what a batch append acknowledged survives a power loss, not
 * only a crash of the process. The live loop's journals sync by group commit
 * instead (src/pipeline/chained-journal.ts), off the decision path.
 */
export function appendSynced(file: string, text: string): void {
  const fd = openSync(file, 'a');
  try {
    writeAll(fd, text);
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export interface LogEntry<T = unknown> {
  readonly seq: number;
  readonly prev: string;
  readonly hash: string;
  readonly record: T;
}

/** Quoted keys: a decision record repeats the same few dozen keys thousands of times. */
const quotedKeys = new Map<string, string>();

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 4096) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/** Printable ASCII without `"` and `\\`: JSON.stringify would quote such a string as is. */
const PLAIN_STRING = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** JSON.stringify of a non-object (or 'null' where it gives undefined), without the native call for the common cases. */
function leafJson(value: unknown): string {
  if (typeof value === 'string') return PLAIN_STRING.test(value) ? `"${value}"` : JSON.stringify(value);
  // ToString of a finite number is what JSON.stringify writes (-0 included: both give "0").
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return JSON.stringify(value) ?? 'null';
}

/**
 * Canonical JSON of objects declared immutable (`rememberCanonical`), made once. The live loop
 * decides a growing incident again and again, and each record repeats the explanations of the
 * incident's earlier events (the same objects, from the evaluation cache): most of a large
 * record's text is theirs. Consulted for array items only, where those objects sit.
 */
const remembered = new WeakMap<object, string | null>();

/**
 * Declares `value` immutable from now on, so canonicalJson may serialise it once and reuse the
 * text. The decision log stays self-consistent even if a caller broke the promise: its line and
 * its hash are both made from the same canonical text (`chainLine`).
 */
export function rememberCanonical<T extends object>(value: T): T {
  if (!remembered.has(value)) remembered.set(value, null);
  return value;
}

/**
 * JSON with object keys sorted at every level, so a hash does not depend on key order.
 * Own enumerable keys in code-unit order (the default sort of strings), undefined members left
 * out, undefined array items and non-JSON values as `null`; no `toJSON`. Built by appending to
 * one string rather than through per-level entry arrays: the decision log hashes every record.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return leafJson(value);
  if (Array.isArray(value)) {
    let out = '[';
    // A hole stays empty, as Array.prototype.join has it.
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + (i in value ? itemJson(value[i]) : '');
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    out += (first ? '' : ',') + quotedKey(key) + ':' + canonicalJson(member);
    first = false;
  }
  return `${out}}`;
}

/** An array item's canonical JSON, from memory when the item was declared immutable. */
function itemJson(item: unknown): string {
  if (item === null || typeof item !== 'object') return leafJson(item);
  const known = remembered.get(item);
  if (known === undefined) return canonicalJson(item);
  if (known !== null) return known;
  const text = canonicalJson(item);
  remembered.set(item, text);
  return text;
}

function hashOf(prev: string, seq: number, recordJson: string): string {
  // canonicalJson({ seq, record }): "record" sorts before "seq".
  return createHash('sha256').update(`${prev}\n{"record":${recordJson},"seq":${seq}}`).digest('hex');
}

export function entryHash(prev: string, seq: number, record: unknown): string {
  return createHash('sha256').update(`${prev}\n${canonicalJson({ seq, record })}`).digest('hex');
}

/** The next entry after `last` (or the first). */
export function chainEntry<T>(last: LogEntry | undefined, record: T): LogEntry<T> {
  return chainLine(last, record).entry;
}

/**
 * The next entry after `last` and its JSONL line (newline included). The line carries the record
 * as its canonical JSON, the very text the hash covers, so a record is serialised once per append
 * and a reader can check the hash against the line's own bytes.
 */
export function chainLine<T>(last: LogEntry | undefined, record: T): { readonly entry: LogEntry<T>; readonly line: string } {
  const seq = last === undefined ? 0 : last.seq + 1;
  const prev = last === undefined ? GENESIS_HASH : last.hash;
  const entry = (hash: string): LogEntry<T> => ({ seq, prev, hash, record });
  const head = `{"seq":${seq},"prev":${JSON.stringify(prev)}`;
  // JSON.stringify leaves an undefined record out, and so does the hash.
  if (record === undefined) {
    const hash = entryHash(prev, seq, record);
    return { entry: entry(hash), line: `${head},"hash":"${hash}"}\n` };
  }
  const recordJson = canonicalJson(record);
  const hash = hashOf(prev, seq, recordJson);
  return { entry: entry(hash), line: `${head},"hash":"${hash}","record":${recordJson}}\n` };
}

/** How parseLogLines treats its text. */
export interface ParseLogOptions {
  /**
   * Leave the text after the last newline unparsed: the writer's append in progress. Its length
   * is returned as `rest` so a reader following the file can come back for it.
   */
  readonly partialLastLine?: boolean;
  /** Line number of the text's first line, for a tail read from the middle of the file (default 1). */
  readonly firstLine?: number;
}

/** Entries of a JSONL log text, a located diagnostic per line that is not JSON, and what was left. */
export interface ParsedLog {
  readonly entries: LogEntry[];
  readonly diagnostics: Diagnostic[];
  /** Complete lines read (blank ones included), so the next tail starts at firstLine + lines. */
  readonly lines: number;
  /** Characters after the last newline left unparsed (0 unless `partialLastLine`). */
  readonly rest: number;
}

/**
 * The one parser of the decision log's JSONL (DESIGN.md §8), shared by readLog, verifyLogText
 * and the API's log view: blank lines are skipped, a line that is not JSON becomes a
 * CG_AUDIT_LOG_UNREADABLE diagnostic located by file and line, and never aborts the read.
 */
export function parseLogLines(text: string, file: string, options: ParseLogOptions = {}): ParsedLog {
  const end = options.partialLastLine === true ? text.lastIndexOf('\n') + 1 : text.length;
  const first = options.firstLine ?? 1;
  const entries: LogEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = end === 0 ? [] : text.slice(0, end).split('\n');
  if (options.partialLastLine === true && lines.length > 0) lines.pop();
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      entries.push(JSON.parse(line) as LogEntry);
    } catch {
      diagnostics.push(diagnostic('CG_AUDIT_LOG_UNREADABLE', 'line is not JSON', { file, line: first + i }));
    }
  });
  return { entries, diagnostics, lines: lines.length, rest: text.length - end };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new EngineError('CG_AUDIT_LOG_UNREADABLE', `cannot read decision log ${file}`, { cause, details: { file } });
  }
}

function entriesOf(parsed: ParsedLog, file: string): LogEntry[] {
  const bad = parsed.diagnostics[0];
  if (bad !== undefined) throw new EngineError('CG_AUDIT_LOG_UNREADABLE', `decision log ${file} has a line that is not JSON`, { details: { file, line: bad.location.line } });
  return parsed.entries;
}

export function readLog(file: string): LogEntry[] {
  return entriesOf(parseLogLines(readText(file), file), file);
}

/** The warning for a log whose text ends in `rest` characters after its last newline (`parsed.lines` complete lines before). */
function tornLine(file: string, parsed: ParsedLog): Diagnostic {
  return diagnostic('CG_AUDIT_LOG_TORN_LINE', `the last line (${parsed.rest} characters, no newline, not JSON) is an append cut short; it is not part of the chain`, { file, line: parsed.lines + 1 }, 'warning');
}

/**
 * The text's last line when it has no newline: an entry when it is JSON (only its newline is
 * missing: the append wrote the whole record, or an editor dropped the final newline), else torn.
 */
function tailOf(text: string, parsed: ParsedLog): { readonly entry?: LogEntry; readonly torn: boolean } {
  if (parsed.rest === 0) return { torn: false };
  const tail = text.slice(text.length - parsed.rest);
  if (tail.trim() === '') return { torn: false };
  try {
    return { entry: JSON.parse(tail) as LogEntry, torn: false };
  } catch {
    return { torn: true };
  }
}

/**
 * A chained log opened to continue it (the live loop's decision log and journal): its entries,
 * and, when the text ends in a line without its newline that is not JSON — an append cut short
 * by a crash or a full disk, never acknowledged — that line cut off the file so the next entry
 * starts on a line of its own, reported as a CG_AUDIT_LOG_TORN_LINE warning. A last line that is
 * JSON and lacks only its newline is kept (the newline is added). Any other line that is not JSON is
 * CG_AUDIT_LOG_UNREADABLE naming file and line, as in `readLog`. Absent file: no entries.
 */
export function recoverLog(file: string): { readonly entries: LogEntry[]; readonly torn?: Diagnostic } {
  if (!existsSync(file)) return { entries: [] };
  const text = readText(file);
  const parsed = parseLogLines(text, file, { partialLastLine: true });
  const entries = entriesOf(parsed, file);
  const tail = tailOf(text, parsed);
  if (tail.entry !== undefined) {
    // A whole record missing only its newline: kept, and the next line starts on its own.
    appendSynced(file, '\n');
    return { entries: [...entries, tail.entry] };
  }
  if (!tail.torn) return { entries };
  truncateSync(file, Buffer.byteLength(text.slice(0, text.length - parsed.rest)));
  return { entries, torn: tornLine(file, parsed) };
}

/** Appends records to a JSONL log, continuing its chain (a last line cut short is cut off first, `recoverLog`). */
export function appendToLog<T>(file: string, records: readonly T[]): LogEntry<T>[] {
  const existing = recoverLog(file).entries;
  let last: LogEntry | undefined = existing.at(-1);
  const added: LogEntry<T>[] = [];
  let text = '';
  for (const record of records) {
    const { entry, line } = chainLine(last, record);
    added.push(entry);
    text += line;
    last = entry;
  }
  if (added.length > 0) appendSynced(file, text);
  return added;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly entries: number;
  readonly head: string;
  readonly problems: readonly Diagnostic[];
  /** A last line without its newline (an append cut short, not part of the chain): CG_AUDIT_LOG_TORN_LINE. */
  readonly warnings: readonly Diagnostic[];
}

/** A way `entry` fails to continue its chain, by the field at fault. */
export interface ChainProblem {
  readonly field: 'seq' | 'prev' | 'hash';
  readonly message: string;
}

/**
 * How `entry` fails to be record `seq` linked after the hash `prev`, in the order seq, prev, hash
 * (empty when it continues the chain): the one check of the chain, shared by verifyLogText and
 * the API's approval journal.
 */
export function chainProblems(entry: LogEntry, seq: number, prev: string): ChainProblem[] {
  const problems: ChainProblem[] = [];
  if (entry.seq !== seq) problems.push({ field: 'seq', message: `sequence ${String(entry.seq)} where ${seq} was expected (a record was removed or reordered)` });
  if (entry.prev !== prev) problems.push({ field: 'prev', message: 'prev does not match the hash of the record before' });
  if (entryHash(entry.prev, entry.seq, entry.record) !== entry.hash) problems.push({ field: 'hash', message: 'hash does not match the record (the record was edited)' });
  return problems;
}

/** Verifies the chain of a log's text: sequence numbers, links and hashes, line by line. */
export function verifyLogText(text: string, file = 'decisions.jsonl'): VerifyReport {
  const parsed = parseLogLines(text, file, { partialLastLine: true });
  const tail = tailOf(text, parsed);
  const entries = tail.entry === undefined ? parsed.entries : [...parsed.entries, tail.entry];
  const problems: Diagnostic[] = [...parsed.diagnostics];
  let prev = GENESIS_HASH;
  entries.forEach((entry, i) => {
    for (const p of chainProblems(entry, i, prev)) problems.push(diagnostic('CG_AUDIT_CHAIN_BROKEN', p.message, { file, record: i, field: p.field }));
    prev = entry.hash;
  });
  // The writer appends whole lines; a tail without its newline was never acknowledged (the writer cuts it when it reopens the log).
  return { ok: problems.length === 0, entries: entries.length, head: prev, problems, warnings: tail.torn ? [tornLine(file, parsed)] : [] };
}

export function verifyLog(file: string): VerifyReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new EngineError('CG_AUDIT_LOG_UNREADABLE', `cannot read decision log ${file}`, { cause, details: { file } });
  }
  return verifyLogText(text, file);
}
