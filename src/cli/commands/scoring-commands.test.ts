import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateCommand } from './evaluate.js';
import { scoreCommand } from './score.js';
import { trainCommand } from './train.js';
import { parseModel, serializeModel } from '../../scoring/index.js';
import { runCommands } from '../testing/run-commands.test-support.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'civgraph-cli-'));

/** Runs my commands the way src/cli/main.ts does, with in-memory output. */
const run = (argv: string[]) => runCommands([trainCommand, scoreCommand, evaluateCommand], argv, ROOT);

interface Golden {
  featureNames: string[];
  rows: { x: (number | null)[]; contributions: number[]; bias: number; margin: number; probability: number }[];
}

describe('civgraph score', () => {
  const golden = JSON.parse(readFileSync(join(ROOT, 'fixtures/models/batadal-xgb-small.golden.json'), 'utf8')) as Golden;
  const input = join(dir, 'rows.csv');
  writeFileSync(input, [golden.featureNames.join(','), ...golden.rows.slice(0, 5).map((r) => r.x.map((v) => (v === null ? '' : v)).join(','))].join('\n'));

  it('scores an XGBoost JSON model row by row with SHAP contributions (--json)', async () => {
    const { out, code } = await run(['score', '--model', 'fixtures/models/batadal-xgb-small.xgb.json', '--input', input, '--json', '--top', '3']);
    expect(code).toBe(0);
    const result = JSON.parse(out) as { model: { kind: string }; rows: { record: number; score: number; expectedValue: number; contributions: { feature: string; value: number; shap: number }[] }[] };
    expect(result.model.kind).toBe('xgboost');
    expect(result.rows.map((r) => r.record)).toEqual([1, 2, 3, 4, 5]);
    result.rows.forEach((row, i) => {
      const g = golden.rows[i] as Golden['rows'][number];
      expect(row.score).toBeCloseTo(g.probability, 5);
      expect(row.expectedValue).toBeCloseTo(g.bias, 6);
      expect(row.contributions).toHaveLength(3);
      for (const c of row.contributions) {
        const f = golden.featureNames.indexOf(c.feature);
        expect(c.shap).toBeCloseTo(g.contributions[f] as number, 6);
      }
    });
  });

  it('names the row and column of a non-numeric cell and exits with the validation code', async () => {
    const bad = join(dir, 'bad.csv');
    const cells: (number | string)[] = golden.rows[0]?.x.map((v) => (v === null ? '' : v)) ?? [];
    cells[3] = 'n/a';
    writeFileSync(bad, `${golden.featureNames.join(',')}\n${cells.join(',')}\n`);
    const { out, err, code } = await run(['score', '--model', 'fixtures/models/batadal-xgb-small.xgb.json', '--input', bad]);
    expect(out).toBe('');
    expect(err).toBe(`civgraph: invalid rows in ${bad}: error CG_DATASET_INVALID at ${bad}:2 (record 1, field L_T4): value "n/a" is not a number [CG_DATASET_INVALID]\n`);
    expect(code).not.toBe(0);
  });

  it('reports a missing model file in one line', async () => {
    const { err } = await run(['score', '--model', 'no/such.json', '--input', input]);
    expect(err).toBe(`civgraph: cannot read ${join(ROOT, 'no/such.json')} [CG_FILE_UNREADABLE]\n`);
  });

  it('refuses input lacking the model features with CG_FEATURES_MISSING', async () => {
    const thin = join(dir, 'thin.csv');
    writeFileSync(thin, 'L_T1,L_T2\n1,2\n');
    const { err } = await run(['score', '--model', 'fixtures/models/batadal-xgb-small.xgb.json', '--input', thin]);
    expect(err).toMatch(/^civgraph: .*thin\.csv lacks model features: L_T3, .* \[CG_FEATURES_MISSING\]\n$/);
  });
});

describe('civgraph train and evaluate on the TON_IoT fixtures', () => {
  it('trains a device model, then scores the held-out slice with it', async () => {
    const out = join(dir, 'weather.model.json');
    const trained = await run(['train', '--dataset', 'ton-iot', '--data', 'fixtures/datasets/ton-iot', '--device', 'Weather', '--out', out, '--json']);
    expect(trained.code).toBe(0);
    const summary = JSON.parse(trained.out) as { version: string; kind: string; features: number };
    expect([summary.kind, summary.features]).toEqual(['gradient-boosted-trees', 3]);
    expect(JSON.parse(readFileSync(out, 'utf8')).version).toBe(summary.version);
    const scored = await run(['score', '--model', out, '--input', 'fixtures/datasets/ton-iot/heldout_features_only/Train_Test_IoT_Weather.heldout.features.csv', '--json']);
    const rows = (JSON.parse(scored.out) as { rows: { id: string; flag: boolean; deviations?: { feature: string; shap: number; text: string }[] }[] }).rows;
    expect(rows).toHaveLength(100);
    // Every alert says in words how the features that raised its score compare with normal rows.
    const alerts = rows.filter((r) => r.flag);
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) {
      expect(a.deviations?.length).toBeGreaterThan(0);
      for (const d of a.deviations ?? []) {
        expect(d.shap).toBeGreaterThan(0);
        expect(d.text).toMatch(new RegExp(`^${d.feature} -?[0-9.e+-]+ is (above|below|inside) the normal range `));
      }
    }
    expect(rows.filter((r) => !r.flag).every((r) => r.deviations === undefined)).toBe(true);
    expect(rows[0]?.id).toBe(readFileSync(join(ROOT, 'fixtures/datasets/ton-iot/heldout_features_only/Train_Test_IoT_Weather.heldout.features.csv'), 'utf8').split('\n')[1]?.split(',')[0]);
  });

  it('reports and explains only the alerts with --alerts-only, the same rows as the full run', async () => {
    const out = join(dir, 'weather-alerts.model.json');
    expect((await run(['train', '--dataset', 'ton-iot', '--data', 'fixtures/datasets/ton-iot', '--device', 'Weather', '--out', out])).code).toBe(0);
    const input = 'fixtures/datasets/ton-iot/heldout_features_only/Train_Test_IoT_Weather.heldout.features.csv';
    type Report = { total: number; alerts: number; rows: { record: number; flag: boolean; score: number; contributions: unknown[]; deviations?: unknown[] }[] };
    const full = JSON.parse((await run(['score', '--model', out, '--input', input, '--json'])).out) as Report;
    const only = JSON.parse((await run(['score', '--model', out, '--input', input, '--json', '--alerts-only'])).out) as Report;
    expect([full.total, full.rows.length, only.total]).toEqual([100, 100, 100]);
    expect(full.alerts).toBeGreaterThan(0);
    expect(only.alerts).toBe(full.alerts);
    expect(only.rows).toHaveLength(full.alerts);
    expect(only.rows).toEqual(full.rows.filter((r) => r.flag));
    const text = await run(['score', '--model', out, '--input', input, '--alerts-only']);
    expect(text.err).toMatch(new RegExp(`^100 rows, ${full.alerts} alerts \\(model [0-9a-f]{16}; threshold 0\\.\\d+\\)\n$`));
    expect(text.out.split('\n').filter((l) => /^\S/.test(l))).toHaveLength(full.alerts);
  });

  it('refuses a history file for a model that scores each row alone', async () => {
    const out = join(dir, 'weather-history.model.json');
    expect((await run(['train', '--dataset', 'ton-iot', '--data', 'fixtures/datasets/ton-iot', '--device', 'Weather', '--out', out])).code).toBe(0);
    const input = 'fixtures/datasets/ton-iot/heldout_features_only/Train_Test_IoT_Weather.heldout.features.csv';
    const { err, code } = await run(['score', '--model', out, '--input', input, '--history', input]);
    expect(code).toBe(2);
    expect(err).toBe(`civgraph: a history file is for BATADAL models, whose features span hours; this gradient-boosted-trees model scores each row of ${join(ROOT, input)} alone [CG_ARGUMENT_INVALID]\n`);
  });

  it('names the threshold, not an alarm policy, when a per-row model carries one it does not apply', async () => {
    const out = join(dir, 'weather-policy.model.json');
    expect((await run(['train', '--dataset', 'ton-iot', '--data', 'fixtures/datasets/ton-iot', '--device', 'Weather', '--out', out])).code).toBe(0);
    const { model } = parseModel(JSON.parse(readFileSync(out, 'utf8')));
    writeFileSync(out, serializeModel({ ...model, metadata: { ...model.metadata, policy: { threshold: 0.9, hold: 6 } } }));
    const input = 'fixtures/datasets/ton-iot/heldout_features_only/Train_Test_IoT_Weather.heldout.features.csv';
    const text = await run(['score', '--model', out, '--input', input, '--alerts-only']);
    expect(text.err).toMatch(/^100 rows, \d+ alerts \(model [0-9a-f]{16}; threshold 0\.\d+\)\n$/);
    const json = JSON.parse((await run(['score', '--model', out, '--input', input, '--json'])).out) as { model: Record<string, unknown> };
    expect(json.model['policy']).toBeUndefined();
  });

  it('refuses an unknown device with the list of devices', async () => {
    const { err } = await run(['train', '--dataset', 'ton-iot', '--data', 'fixtures/datasets/ton-iot', '--device', 'Toaster', '--out', join(dir, 'x.json')]);
    expect(err).toBe('civgraph: --device must name one of: Fridge, Weather [CG_ARGUMENT_INVALID]\n');
  });

  it('evaluates every device and writes one hid,score,flag file per device', async () => {
    const predictions = join(dir, 'ton');
    const { out, code } = await run(['evaluate', '--dataset', 'ton-iot', '--data', 'fixtures/datasets/ton-iot', '--predictions', predictions, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out) as { devices: { device: string; predictions: string; macroF1: number; fpr: number }[] };
    expect(report.devices.map((d) => d.device)).toEqual(['Fridge', 'Weather']);
    const lines = readFileSync(join(predictions, 'Weather.predictions.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('hid,score,flag');
    expect(lines).toHaveLength(101);
    expect(lines[1]).toMatch(/^[0-9a-f]{16},0\.\d{6},[01]$/);
  });

  it('reports a device with an invalid file, still evaluates and writes the others, and exits with the validation code', async () => {
    const data = join(dir, 'ton-bad');
    const predictions = join(dir, 'ton-bad-predictions');
    for (const sub of ['train', 'heldout_features_only']) mkdirSync(join(data, sub), { recursive: true });
    for (const device of ['Fridge', 'Weather']) {
      const train = readFileSync(join(ROOT, `fixtures/datasets/ton-iot/train/Train_Test_IoT_${device}.train.csv`), 'utf8').split('\n');
      // Fridge's fourth record gets a temperature that is no number.
      if (device === 'Fridge') train[4] = (train[4] as string).replace(/^([^,]*,[^,]*,[^,]*,)[^,]*/, '$1warm');
      writeFileSync(join(data, `train/Train_Test_IoT_${device}.train.csv`), train.join('\n'));
      const held = `heldout_features_only/Train_Test_IoT_${device}.heldout.features.csv`;
      writeFileSync(join(data, held), readFileSync(join(ROOT, 'fixtures/datasets/ton-iot', held)));
    }
    const { out, err, code } = await run(['evaluate', '--dataset', 'ton-iot', '--data', data, '--predictions', predictions, '--json']);
    expect(code).toBe(2);
    const trainFile = join(data, 'train/Train_Test_IoT_Fridge.train.csv');
    expect(err).toContain(`civgraph: Fridge not evaluated: invalid TON_IoT file ${trainFile}: error CG_DATASET_INVALID at ${trainFile}:5 (record 4, field fridge_temperature)`);
    const report = JSON.parse(out) as { devices: { device: string }[]; failed: { device: string; error: { code: string } }[] };
    expect(report.devices.map((d) => d.device)).toEqual(['Weather']);
    expect(report.failed.map((f) => [f.device, f.error.code])).toEqual([['Fridge', 'CG_DATASET_INVALID']]);
    expect(readdirSync(predictions)).toEqual(['Weather.predictions.csv']);
    const text = await run(['evaluate', '--dataset', 'ton-iot', '--data', data]);
    expect(text.code).toBe(2);
    expect(text.out).toMatch(/\n {2}Weather {8}0\.\d{3} .*\n.*\n.*\n {2}Fridge {9}not evaluated: invalid TON_IoT file .* \[CG_DATASET_INVALID\]\n$/);
  });

  it('asks for --data when a public dataset is evaluated without it', async () => {
    const { err } = await run(['evaluate', '--dataset', 'batadal']);
    expect(err).toBe('civgraph: --data is required for --dataset batadal [CG_ARGUMENT_INVALID]\n');
  });

  it('reports a missing BATADAL folder in one line', async () => {
    const { err } = await run(['evaluate', '--dataset', 'batadal', '--data', 'no/such/dir']);
    expect(err.split('\n').slice(1).join('\n')).toBe(`civgraph: cannot read ${join(ROOT, 'no/such/dir/BATADAL_dataset03_training1.csv')} [CG_FILE_UNREADABLE]\n`);
  });
});
