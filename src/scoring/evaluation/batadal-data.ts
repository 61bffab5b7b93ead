import { join } from 'node:path';
import { DiagnosticBag, EngineError } from '../../core/index.js';
import { numericColumns, readCsvTable, throwIfInvalid } from '../io/read-csv-table.js';

/**
 * The 43 BATADAL SCADA tags (Taormina et al. 2018): 7 tank levels, flow and
 * status of 11 pumps and valve V2, and 12 junction pressures; hourly.
 */
export const BATADAL_TAGS: readonly string[] = [
  ...['L_T1', 'L_T2', 'L_T3', 'L_T4', 'L_T5', 'L_T6', 'L_T7'],
  ...Array.from({ length: 11 }, (_, i) => [`F_PU${i + 1}`, `S_PU${i + 1}`]).flat(),
  'F_V2',
  'S_V2',
  ...['P_J280', 'P_J269', 'P_J300', 'P_J256', 'P_J289', 'P_J415', 'P_J302', 'P_J306', 'P_J307', 'P_J317', 'P_J14', 'P_J422'],
];

export const BATADAL_FILES = {
  training1: 'BATADAL_dataset03_training1.csv',
  training2: 'BATADAL_dataset04_training2.csv',
  test: 'BATADAL_test_dataset_features_only.csv',
} as const;

/** One BATADAL file: hourly timestamps, one column per tag, labels when present. */
export interface BatadalFrame {
  readonly file: string;
  readonly times: readonly string[];
  readonly columns: ReadonlyMap<string, Float64Array>;
  readonly labels?: Int8Array;
  readonly rows: number;
}

/** A tag's column of a frame (every BATADAL tag has one once the frame is read). */
export function tagColumn(frame: BatadalFrame, tag: string): Float64Array {
  return frame.columns.get(tag) as Float64Array;
}

/**
 * Reads a BATADAL CSV; with `labelled`, ATT_FLAG is required and must be 0 or 1
 * (the partially labelled competition release uses −999, which is refused).
 * Missing columns, non-numeric cells and a DATETIME not after the one before
 * it are reported together with their line and column (CG_DATASET_INVALID).
 */
export function readBatadalFrame(file: string, labelled: boolean): BatadalFrame {
  const table = readCsvTable(file);
  const bag = new DiagnosticBag();
  const wanted = labelled ? [...BATADAL_TAGS, 'ATT_FLAG'] : BATADAL_TAGS;
  const values = numericColumns(table, wanted, bag);
  const timeAt = table.header.indexOf('DATETIME');
  const times = table.records.map((r, i) => (timeAt >= 0 ? (r[timeAt] ?? '').trim() : String(i)));
  // The windows, CUSUMs and replay check read the rows as consecutive hours: times that parse must rise.
  let previous = -1;
  let previousHour = Number.NaN;
  times.forEach((time, r) => {
    const hour = timeAt >= 0 ? batadalHour(time) : Number.NaN;
    if (Number.isNaN(hour)) return;
    if (hour <= previousHour) {
      const message = `DATETIME ${time} is not after ${times[previous]} (line ${table.lines[previous]}): rows must run forward in time`;
      bag.add({ severity: 'error', code: 'CG_DATASET_INVALID', message, location: { file, line: table.lines[r] as number, record: r + 1, field: 'DATETIME' } });
    }
    previous = r;
    previousHour = hour;
  });
  const columns = new Map(BATADAL_TAGS.map((tag, i) => [tag, values[i] as Float64Array]));
  let labels: Int8Array | undefined;
  if (labelled) {
    const flag = values[BATADAL_TAGS.length] as Float64Array;
    labels = Int8Array.from(flag, (v) => (v === 1 ? 1 : 0));
    flag.forEach((v, r) => {
      if (!Number.isNaN(v) && v !== 0 && v !== 1) {
        bag.add({ severity: 'error', code: 'CG_DATASET_INVALID', message: `ATT_FLAG must be 0 or 1, got ${v}`, location: { file, line: table.lines[r] as number, record: r + 1, field: 'ATT_FLAG' } });
      }
    });
  }
  throwIfInvalid(bag, `invalid BATADAL file ${file}`);
  return { file, times, columns, rows: table.records.length, ...(labels ? { labels } : {}) };
}

/**
 * Hours since 1 January 2000 of a BATADAL time "dd/mm/yy HH" (years 20yy);
 * NaN when it does not parse.
 */
export function batadalHour(time: string): number {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}) (\d{1,2})$/.exec(time.trim());
  if (!m) return Number.NaN;
  const [day, month, year, hour] = m.slice(1).map(Number) as [number, number, number, number];
  const ms = Date.UTC(2000 + year, month - 1, day, hour);
  const back = new Date(ms);
  // Date.UTC rolls 31/02 over into March; a time that does not exist does not parse.
  if (back.getUTCDate() !== day || back.getUTCMonth() !== month - 1 || hour > 23) return Number.NaN;
  return (ms - Date.UTC(2000, 0, 1)) / 3_600_000;
}

/** How the history before a file meets it: its hours, and the hours missing between them. */
export interface BatadalHistory {
  readonly file: string;
  readonly rows: number;
  /** Hours between the history's last reading and the file's first, less one (0: they meet); absent when a time does not parse. */
  readonly gapHours?: number;
}

/**
 * The hours of `history` followed by those of `frame`, as one frame, so that
 * features spanning hours (rolling windows, the tanks' CUSUMs, replays) see
 * the feed before `frame` begins. The history must end before `frame`
 * begins when both carry parseable times, and hold at least one hour
 * (CG_ARGUMENT_INVALID otherwise). Labels are dropped: scoring does not use them.
 */
export function withHistory(history: BatadalFrame, frame: BatadalFrame): { frame: BatadalFrame; history: BatadalHistory } {
  if (history.rows === 0) throw new EngineError('CG_ARGUMENT_INVALID', `history ${history.file} has no hours`, { details: { history: history.file } });
  const last = batadalHour(history.times[history.rows - 1] ?? '');
  const first = batadalHour(frame.times[0] ?? '');
  if (last >= first) {
    throw new EngineError(
      'CG_ARGUMENT_INVALID',
      `history ${history.file} must end before ${frame.file} begins: its last hour ${history.times[history.rows - 1]} is not before ${frame.times[0]}`,
      { details: { history: history.file, file: frame.file, historyLast: history.times[history.rows - 1], first: frame.times[0] } },
    );
  }
  const columns = new Map(
    [...frame.columns].map(([tag, later]) => {
      const joined = new Float64Array(history.rows + frame.rows);
      joined.set(history.columns.get(tag) as Float64Array);
      joined.set(later, history.rows);
      return [tag, joined];
    }),
  );
  const gap = first - last - 1;
  return {
    frame: { file: frame.file, times: [...history.times, ...frame.times], columns, rows: history.rows + frame.rows },
    history: { file: history.file, rows: history.rows, ...(Number.isNaN(gap) ? {} : { gapHours: gap }) },
  };
}

/** The three BATADAL files in a data folder. */
export function readBatadalFolder(dir: string): { training1: BatadalFrame; training2: BatadalFrame; test: BatadalFrame } {
  return {
    training1: readBatadalFrame(join(dir, BATADAL_FILES.training1), true),
    training2: readBatadalFrame(join(dir, BATADAL_FILES.training2), true),
    test: readBatadalFrame(join(dir, BATADAL_FILES.test), false),
  };
}

/** Most decimal places `readingSteps` looks for. */
const MAX_DECIMALS = 9;

function decimalsOf(v: number): number {
  for (let d = 0; d < MAX_DECIMALS; d++) {
    const scaled = v * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) <= 1e-6 * Math.max(1, Math.abs(scaled))) return d;
  }
  return MAX_DECIMALS;
}

/** Readings a column needs before its resolution is inferred from them. */
const MIN_READINGS_FOR_STEP = 24;

/**
 * The resolution each level, flow and pressure is reported at: 10^−d for the
 * most decimal places d any of its readings needs (0.01 in BATADAL's
 * training set 2 and test set; training set 1 is published at full
 * precision, ≈ 10^−9). A reading is known only to ± half of it. Nothing is
 * inferred (0) for on/off statuses, for a column that never changes (a pump
 * that never ran reads 0 throughout) and for fewer than 24 readings (a short
 * file whose readings happen to be whole says little).
 */
export function readingSteps(frame: BatadalFrame): Map<string, number> {
  return new Map(
    [...frame.columns].map(([tag, column]) => {
      let most = 0;
      let n = 0;
      let first = Number.NaN;
      let varies = false;
      for (const v of column) {
        if (!Number.isFinite(v)) continue;
        if (n === 0) first = v;
        else if (v !== first) varies = true;
        most = Math.max(most, decimalsOf(v));
        n++;
      }
      return [tag, tag.startsWith('S_') || !varies || n < MIN_READINGS_FOR_STEP ? 0 : 10 ** -most];
    }),
  );
}
