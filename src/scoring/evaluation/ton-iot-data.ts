import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DiagnosticBag, EngineError, diagnostic } from '../../core/index.js';
import { parseCell } from '../io/parse-cell.js';
import { readCsvTable, throwIfInvalid, type CsvTable } from '../io/read-csv-table.js';
import type { FeatureMatrix } from '../trees/feature-matrix.js';

/**
 * TON_IoT IoT/IIoT telemetry (Alsaedi et al., IEEE Access 8, 2020), one file per
 * device. `ts`, `date` and `time` are never features: every attack type sits in
 * its own time window, so they give the label away. `label` (0/1) is the target;
 * `type` and the held-out row id `hid` are not features either. Device fields
 * are numbers or two-state words, read by `parseCell` (values are trimmed: the
 * files pad some with spaces, and the padding itself follows the label, so it
 * must never reach the model).
 */
export const TON_IOT_EXCLUDED = new Set(['ts', 'date', 'time', 'label', 'type', 'hid']);

export interface TonIotFile {
  readonly device: string;
  readonly matrix: FeatureMatrix;
  readonly labels?: Int8Array;
  readonly hids?: readonly string[];
}

/** The device name of a file: `Train_Test_IoT_Fridge.train.csv` → `Fridge`. */
export function tonIotDevice(file: string): string {
  return basename(file).replace(/^Train_Test_IoT_/, '').replace(/\.(train|heldout\.features)\.csv$/, '');
}

function featureMatrix(table: CsvTable, names: readonly string[], bag: DiagnosticBag): FeatureMatrix {
  const at = names.map((n) => table.header.indexOf(n));
  const data = new Float64Array(table.records.length * names.length);
  table.records.forEach((record, r) => {
    at.forEach((c, k) => {
      const raw = record[c] ?? '';
      const v = parseCell(raw) ?? Number.NaN;
      if (Number.isNaN(v)) {
        bag.add(diagnostic('CG_DATASET_INVALID', `value "${raw}" is not a number or a known state word`, { file: table.file, line: table.lines[r] as number, record: r + 1, field: names[k] as string }));
      }
      data[r * names.length + k] = v;
    });
  });
  return { rows: table.records.length, columns: names.length, data, featureNames: names };
}

/**
 * Reads one device file. With `expected` feature names (from training), missing
 * columns are diagnostics; with `labelled`, `label` must be present and 0/1.
 */
export function readTonIotFile(file: string, options: { labelled: boolean; expected?: readonly string[] }): TonIotFile {
  const table = readCsvTable(file);
  const bag = new DiagnosticBag();
  const names = options.expected ?? table.header.filter((h) => !TON_IOT_EXCLUDED.has(h));
  for (const n of names) if (!table.header.includes(n)) bag.add(diagnostic('CG_DATASET_INVALID', `missing column "${n}"`, { file, line: table.headerLine, field: n }));
  const labelAt = table.header.indexOf('label');
  if (options.labelled && labelAt < 0) bag.add(diagnostic('CG_DATASET_INVALID', 'missing column "label"', { file, line: table.headerLine, field: 'label' }));
  throwIfInvalid(bag, `invalid TON_IoT file ${file}`);
  const matrix = featureMatrix(table, names, bag);
  let labels: Int8Array | undefined;
  if (options.labelled) {
    labels = Int8Array.from(table.records, (rec, r) => {
      const v = (rec[labelAt] ?? '').trim();
      if (v !== '0' && v !== '1') bag.add(diagnostic('CG_DATASET_INVALID', `label must be 0 or 1, got "${v}"`, { file, line: table.lines[r] as number, record: r + 1, field: 'label' }));
      return v === '1' ? 1 : 0;
    });
  }
  throwIfInvalid(bag, `invalid TON_IoT file ${file}`);
  const hidAt = table.header.indexOf('hid');
  const hids = hidAt >= 0 ? table.records.map((rec) => (rec[hidAt] ?? '').trim()) : undefined;
  return { device: tonIotDevice(file), matrix, ...(labels ? { labels } : {}), ...(hids ? { hids } : {}) };
}

/** Train and held-out files per device in a TON_IoT data folder (`train/`, `heldout_features_only/`). */
export function listTonIotDevices(dir: string): { device: string; train: string; heldout?: string }[] {
  const list = (sub: string): string[] => {
    try {
      return readdirSync(join(dir, sub)).filter((f) => f.endsWith('.csv')).sort();
    } catch (cause) {
      throw new EngineError('CG_FILE_UNREADABLE', `cannot read folder ${join(dir, sub)}`, { cause, details: { dir: join(dir, sub) } });
    }
  };
  const heldout = new Map(list('heldout_features_only').map((f) => [tonIotDevice(f), join(dir, 'heldout_features_only', f)]));
  return list('train').map((f) => {
    const device = tonIotDevice(f);
    const h = heldout.get(device);
    return { device, train: join(dir, 'train', f), ...(h ? { heldout: h } : {}) };
  });
}
