import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { scoreCsv } from '../io/score-csv-file.js';
import { parseModel, serializeModel } from '../models/model-file.js';
import type { ScoringModel } from '../models/scoring-model.js';
import { alarmReasons, applyAlarmPolicy, type AlarmPolicy } from './alarm-policy.js';
import { batadalHour, readBatadalFrame } from './batadal-data.js';
import { evaluateBatadal } from './batadal-evaluation.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../fixtures/datasets/batadal/${name}`, import.meta.url));

describe('BATADAL protocol on the fixture slices', () => {
  const data = {
    training1: readBatadalFrame(fixture('training1-slice.csv'), true),
    training2: readBatadalFrame(fixture('training2-slice.csv'), true),
    test: readBatadalFrame(fixture('test-slice.csv'), false),
  };
  // Slice rows: attack 1 starts at row 191, attack 2 at 491, attack 3 at 801.
  const protocol = { tuneOrigins: [400], validateFrom: 700, boosting: { rounds: 20, maxDepth: 3, seed: 1 }, bag: 2, policyGrid: { releaseFactors: [1, 0.5] } };
  const e = evaluateBatadal(data, protocol);
  const dir = mkdtempSync(join(tmpdir(), 'civgraph-batadal-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('validates on the later hours only and names the attacks there', () => {
    expect(e.split.validationHours).toBe('05/10/16 04 – 11/10/16 23 (164 h)');
    expect(e.validationAttackIds).toEqual([3]);
    expect(e.validation.attacks).toEqual([expect.objectContaining({ start: 101, duration: 60 })]);
    expect(e.validation.S).toBeCloseTo(0.5 * e.validation.sTtd + 0.5 * e.validation.sCm, 12);
    expect(e.isolationBaseline.validation.attacks).toHaveLength(1);
  });

  it('tunes the policy on the tuning hours only and reports what chose it', () => {
    expect(e.split.tuneHours).toBe('22/09/16 16 – 05/10/16 03 (300 h) scored by a model fitted on training set 1 + 06/09/16 00 – 22/09/16 15 (400 h)');
    expect(e.tuning.attacks).toEqual([{ start: 91, duration: 24, timeToDetection: 0, detected: true }]);
    expect(e.policy).toEqual({ threshold: 0.3, hold: 1 });
    expect(e.tuning.S).toBeCloseTo(0.5 * e.tuning.sTtd + 0.5 * e.tuning.sCm, 12);
  });

  it('scores each tuning block by a model fitted on the hours before it (rolling origin)', () => {
    const rolled = evaluateBatadal(data, { ...protocol, tuneOrigins: [400, 550] });
    expect(rolled.split.tuneHours).toBe(
      '22/09/16 16 – 28/09/16 21 (150 h) scored by a model fitted on training set 1 + 06/09/16 00 – 22/09/16 15 (400 h); ' +
        '28/09/16 22 – 05/10/16 03 (150 h) scored by a model fitted on training set 1 + 06/09/16 00 – 28/09/16 21 (550 h)',
    );
    expect(rolled.tuning.attacks).toHaveLength(1);
    expect(() => evaluateBatadal(data, { ...protocol, tuneOrigins: [550, 400] })).toThrow(/tuneOrigins must rise/);
  });

  it('ships a bag of `bag` ensembles as one model, versioned by content hash', () => {
    expect(e.model.features).toBe('batadal-v4');
    expect(e.model.ensemble.trees).toHaveLength(40);
    expect(e.model.metadata['bag']).toBe(2);
    const text = serializeModel(e.model);
    expect(JSON.parse(text)).toEqual(expect.objectContaining({ format: 'civgraph-model', version: expect.stringMatching(/^[0-9a-f]{16}$/) }));
  });

  it('scores every test hour and flags by the tuned policy', () => {
    expect(e.test.times).toHaveLength(49);
    expect(e.test.times[0]).toBe('04/01/17 00');
    expect(e.test.scores.every((s) => s > 0 && s < 1)).toBe(true);
    expect([...e.test.flags].every((f) => f === 0 || f === 1)).toBe(true);
  });

  it('writes a model that rebuilds its features from raw SCADA rows and explains them in words', () => {
    const { model } = parseModel(JSON.parse(serializeModel(e.model)));
    const rows = scoreCsv(model, fixture('test-slice.csv'), { top: 3 }).rows;
    expect(rows).toHaveLength(49);
    expect(rows[0]?.id).toBe('04/01/17 00');
    expect(rows[0]?.score).toBeCloseTo(e.test.scores[0] as number, 12);
    expect(rows[0]?.contributions).toHaveLength(3);
    expect(rows[0]?.deviations).toHaveLength(3);
    expect(rows[0]?.deviations?.[0]?.text).toMatch(/^(tank|pump|valve|junction) [A-Z0-9]+ /);
  });

  it('flags by the alarm policy of the model when it scores a file, as evaluate flags the test set, and says why', () => {
    const { model } = parseModel(JSON.parse(serializeModel(e.model)));
    expect(scoreCsv(model, fixture('test-slice.csv')).rows.map((r) => (r.flag ? 1 : 0))).toEqual([...e.test.flags]);
    // A policy that holds, keeps up and adds the evidence stage, on the same model.
    const sorted = [...e.test.scores].sort((a, b) => b - a);
    const policy: AlarmPolicy = { threshold: sorted[5] as number, hold: 6, release: sorted[20] as number, evidence: true };
    const held: ScoringModel = { ...model, metadata: { ...model.metadata, policy } };
    const scored = scoreCsv(held, fixture('test-slice.csv'));
    expect(scored.policy).toEqual(policy);
    const { rows } = scored;
    const evidence = e.test.features.evidence;
    expect(rows.map((r) => (r.flag ? 1 : 0))).toEqual([...applyAlarmPolicy(e.test.scores, policy, evidence)]);
    expect(rows.map((r) => r.alarm?.reason)).toEqual(alarmReasons(e.test.scores, policy, evidence).map((a) => a?.reason));
    const byScore = e.test.scores.filter((v) => v >= policy.threshold).length;
    expect(byScore).toBeGreaterThanOrEqual(6);
    expect(rows.filter((r) => r.alarm?.reason === 'score')).toHaveLength(byScore);
    const h = rows.find((r) => r.alarm?.reason === 'held');
    expect(h?.alarm?.text).toMatch(/^alarm held: [1-5] h after the last hour the score kept it up \(\d\d\/01\/17 \d\d\), hold 6 h$/);
    expect(rows.find((r) => r.alarm?.reason === 'score')?.alarm?.text).toMatch(/^score 0\.\d{3} ≥ threshold 0\.\d+$/);
    expect(rows.filter((r) => !r.flag).every((r) => r.alarm === undefined)).toBe(true);
  });

  it('raises an evidence alarm for a slowed pump and names the pump and its head curve', () => {
    // The test slice with PU7 at 0.7 of its speed: each reading while it runs drops to 70 %.
    const [header = '', ...lines] = readFileSync(fixture('test-slice.csv'), 'utf8').trim().split('\n');
    const names = header.split(',');
    const [flow, status] = [names.indexOf('F_PU7'), names.indexOf('S_PU7')];
    const slowed = lines.map((line) => {
      const cells = line.split(',');
      if (Number(cells[status]) === 1) cells[flow] = (0.7 * Number(cells[flow])).toFixed(2);
      return cells.join(',');
    });
    const file = join(dir, 'pu7-slowed.csv');
    writeFileSync(file, [header, ...slowed].join('\n'));
    const { model } = parseModel(JSON.parse(serializeModel(e.model)));
    const policy: AlarmPolicy = { threshold: 0.999999, hold: 1, evidence: true };
    const rows = scoreCsv({ ...model, metadata: { ...model.metadata, policy } }, file).rows;
    const running = lines.map((line) => Number(line.split(',')[status]) === 1);
    expect(running.filter(Boolean).length).toBeGreaterThan(20);
    rows.forEach((row, r) => {
      if (!running[r]) return;
      expect(row.alarm?.reason).toBe('evidence');
      expect(row.alarm?.text).toMatch(/^physical evidence \d+\.\d\d > 1: pump PU7's flow against its head curve at the station head, beyond the flow meter's accuracy and any disagreement of a year of normal operation$/);
    });
  });

  it('words a short file with the resolution of the training feed it cannot show itself', () => {
    expect(e.model.metadata['readingSteps']).toEqual(expect.objectContaining({ L_T1: 0.01, P_J280: 0.01 }));
    expect(Object.keys(e.model.metadata['readingSteps'] as object).some((t) => t.startsWith('S_'))).toBe(false);
    // Twelve hours: too few for the file to show its own resolution (readingSteps needs 24).
    const lines = readFileSync(fixture('test-slice.csv'), 'utf8').trim().split('\n');
    const file = join(dir, 'twelve-hours.csv');
    writeFileSync(file, `${lines.slice(0, 13).join('\n')}\n`);
    const { model } = parseModel(JSON.parse(serializeModel(e.model)));
    const tagsWorded = (m: ScoringModel): string[][] => scoreCsv(m, file, { top: 43 }).rows.map((r) => (r.deviations ?? []).flatMap((d) => ('tag' in d && d.check === undefined ? [d.tag] : [])));
    const { readingSteps: _steps, ...older } = model.metadata;
    // Without the feed's resolution J280's rounding to 0.01 reads as a deviation in every hour; with it, in none.
    expect(tagsWorded({ ...model, metadata: older }).every((tags) => tags.includes('P_J280'))).toBe(true);
    expect(tagsWorded(model).some((tags) => tags.includes('P_J280'))).toBe(false);
    const broken: ScoringModel = { ...model, metadata: { ...model.metadata, readingSteps: { P_J280: -1 } } };
    expect(() => scoreCsv(broken, file)).toThrow(
      expect.objectContaining({ code: 'CG_MODEL_INVALID', message: 'BATADAL model file: metadata.readingSteps P_J280 must be a step in (0, 1], got -1' }),
    );
  });

  it('scores the latest hours after a history file as they score at the end of the whole file', () => {
    const [header = '', ...lines] = readFileSync(fixture('test-slice.csv'), 'utf8').trim().split('\n');
    const write = (name: string, rows: string[]): string => {
      const file = join(dir, name);
      writeFileSync(file, `${[header, ...rows].join('\n')}\n`);
      return file;
    };
    const history = write('history.csv', lines.slice(0, 37));
    const latest = write('latest.csv', lines.slice(37));
    const { model } = parseModel(JSON.parse(serializeModel(e.model)));
    const sorted = [...e.test.scores].sort((a, b) => b - a);
    const held: ScoringModel = { ...model, metadata: { ...model.metadata, policy: { threshold: sorted[5] as number, hold: 6, evidence: true } } };
    const whole = scoreCsv(held, fixture('test-slice.csv'), { top: 4 });
    const after = scoreCsv(held, latest, { top: 4, history });
    expect(after.history).toEqual({ file: history, rows: 37, gapHours: 0 });
    expect([after.total, after.rows.length]).toEqual([12, 12]);
    expect(after.rows.map((r) => r.record)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const tail = whole.rows.slice(37);
    expect(after.rows.map(({ record: _r, ...rest }) => rest)).toEqual(tail.map(({ record: _r, ...rest }) => rest));
    expect(after.alerts).toBe(tail.filter((r) => r.flag).length);
    // Alone, the twelve hours start cold: the rolling windows see none of the 37 hours before them.
    const alone = scoreCsv(held, latest, { top: 4 });
    expect(alone.rows.some((r, i) => Math.abs(r.score - (tail[i]?.score as number)) > 1e-6)).toBe(true);
    expect(alone.history).toBeUndefined();
    // A history with hours missing before the file is used and says how many.
    const gapped = scoreCsv(held, latest, { history: write('gapped.csv', lines.slice(0, 34)) });
    expect(gapped.history?.gapHours).toBe(3);
    expect(() => scoreCsv(held, latest, { history: write('empty.csv', []) })).toThrow(
      expect.objectContaining({ code: 'CG_ARGUMENT_INVALID', message: `history ${join(dir, 'empty.csv')} has no hours` }),
    );
    expect(() => scoreCsv(held, latest, { history: fixture('test-slice.csv') })).toThrow(
      expect.objectContaining({
        code: 'CG_ARGUMENT_INVALID',
        message: `history ${fixture('test-slice.csv')} must end before ${latest} begins: its last hour ${lines[48]?.split(',')[0]} is not before ${lines[37]?.split(',')[0]}`,
      }),
    );
  });

  it('refuses a model trained on an older BATADAL feature set, saying to retrain', () => {
    const { model } = parseModel(JSON.parse(serializeModel(e.model)));
    const old: ScoringModel = { ...model, features: 'batadal-v3' };
    expect(() => scoreCsv(old, fixture('test-slice.csv'))).toThrow(
      expect.objectContaining({ code: 'CG_MODEL_INVALID', message: 'model was trained on batadal-v3 features; this engine builds batadal-v4: retrain it (civgraph train --dataset batadal)' }),
    );
    const newer: ScoringModel = { ...model, features: 'batadal-v9' };
    expect(() => scoreCsv(newer, fixture('test-slice.csv'))).toThrow(
      expect.objectContaining({ code: 'CG_MODEL_INVALID', message: 'model was trained on batadal-v9 features, newer than the batadal-v4 this engine builds: upgrade civgraph to score it' }),
    );
  });

  it('refuses a malformed alarm policy naming its field', () => {
    const { model } = parseModel(JSON.parse(serializeModel(e.model)));
    const broken: ScoringModel = { ...model, metadata: { ...model.metadata, policy: { threshold: 0.3, hold: 0 } } };
    expect(() => scoreCsv(broken, fixture('test-slice.csv'))).toThrow('model alarm policy: hold must be a whole number of hours ≥ 1, got 0');
    const release: ScoringModel = { ...model, metadata: { ...model.metadata, policy: { threshold: 0.3, hold: 1, release: 0.5 } } };
    expect(() => scoreCsv(release, fixture('test-slice.csv'))).toThrow('model alarm policy: release must be a number in (0, threshold], got 0.5');
  });
});

describe('BATADAL rows in time order', () => {
  it('refuses a file whose DATETIME goes back, naming both lines', () => {
    const [header = '', ...lines] = readFileSync(fixture('test-slice.csv'), 'utf8').trim().split('\n');
    const dir = mkdtempSync(join(tmpdir(), 'civgraph-batadal-order-'));
    const file = join(dir, 'swapped.csv');
    writeFileSync(file, `${[header, lines[0], lines[2], lines[1], ...lines.slice(3)].join('\n')}\n`);
    const at = (k: number): string => lines[k]?.split(',')[0] as string;
    expect(() => readBatadalFrame(file, false)).toThrow(
      expect.objectContaining({
        code: 'CG_DATASET_INVALID',
        message: `invalid BATADAL file ${file}: error CG_DATASET_INVALID at ${file}:4 (record 3, field DATETIME): DATETIME ${at(1)} is not after ${at(2)} (line 3): rows must run forward in time`,
      }),
    );
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('batadalHour', () => {
  it('counts hours across days, months and years, and refuses a time that does not exist', () => {
    expect(batadalHour('01/01/00 00')).toBe(0);
    expect(batadalHour('02/01/00 01')).toBe(25);
    expect(batadalHour('01/03/16 00') - batadalHour('29/02/16 23')).toBe(1);
    expect(batadalHour('01/01/17 00') - batadalHour('31/12/16 23')).toBe(1);
    expect(batadalHour(' 04/01/17 7 ')).toBe(batadalHour('04/01/17 07'));
    for (const bad of ['31/02/17 00', '04/01/17 24', '2017-01-04 00', '', '7']) expect(batadalHour(bad)).toBeNaN();
  });
});
