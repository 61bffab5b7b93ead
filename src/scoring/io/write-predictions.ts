import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EngineError } from '../../core/index.js';

/** One prediction line: an id (DATETIME or hid), a score in [0, 1], a 0/1 flag. */
export interface PredictionRow {
  readonly id: string;
  readonly score: number;
  readonly flag: number;
}

/** Writes `<idColumn>,score,flag` CSV; a folder or file that cannot be written is CG_FILE_UNWRITABLE. */
export function writePredictionsCsv(file: string, idColumn: string, rows: readonly PredictionRow[]): void {
  const lines = [`${idColumn},score,flag`, ...rows.map((r) => `${r.id},${r.score.toFixed(6)},${r.flag}`)];
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${lines.join('\n')}\n`);
  } catch (cause) {
    throw new EngineError('CG_FILE_UNWRITABLE', `cannot write ${file}`, { cause, details: { file } });
  }
}
