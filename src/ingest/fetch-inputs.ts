/**
 * The "fetch" step: expands folders (recursively, sorted, hidden files
 * skipped) and reads each file as UTF-8. An unreadable path is a diagnostic,
 * never an abort: the other inputs still load.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { diagnostic, type Diagnostic } from '../core/index.js';

/** An input given in memory (tests, the API, benchmarks). */
export interface InlineInput {
  readonly source: string;
  readonly text: string;
}

export type IngestInput = string | InlineInput;

export interface FetchedInput {
  readonly source: string;
  readonly text: string;
  /** True when the file was found by expanding a folder (unknown formats are then skipped quietly). */
  readonly fromFolder: boolean;
}

async function expand(path: string): Promise<string[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  const names = (await readdir(path)).filter((n) => !n.startsWith('.')).sort();
  const nested = await Promise.all(names.map((n) => expand(join(path, n))));
  return nested.flat();
}

/** Lists the files of the inputs in order; diagnostics for the ones that cannot be listed. */
export async function listInputs(inputs: readonly IngestInput[]): Promise<{ files: { path: string; fromFolder: boolean }[]; inline: InlineInput[]; diagnostics: Diagnostic[] }> {
  const files: { path: string; fromFolder: boolean }[] = [];
  const inline: InlineInput[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const input of inputs) {
    if (typeof input !== 'string') {
      inline.push(input);
      continue;
    }
    try {
      const found = await expand(input);
      for (const path of found) files.push({ path, fromFolder: found.length > 1 || path !== input });
    } catch (error) {
      diagnostics.push(diagnostic('CG_INGEST_INPUT_UNREADABLE', `cannot read ${input}: ${(error as Error).message}`, { source: input, file: input }));
    }
  }
  return { files, inline, diagnostics };
}

export async function readInputFile(path: string): Promise<string | Diagnostic> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    return diagnostic('CG_INGEST_INPUT_UNREADABLE', `cannot read ${path}: ${(error as Error).message}`, { source: path, file: path });
  }
}
