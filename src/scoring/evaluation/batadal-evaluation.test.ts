import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scoreCsvFile } from '../io/score-csv-file.js';
import { parseModel, serializeModel } from '../models/model-file.js';
import { readBatadalFrame } from './batadal-data.js';
import { evaluateBatadal } from './batadal-evaluation.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../fixtures/datasets/batadal/${name}`, import.meta.url));

describe('BATADAL protocol on the fixture slices', () => {
  const data = {
    training1: readBatadalFrame(fixture('training1-slice.csv'), true),
    training2: readBatadalFrame(fixture('training2-slice.csv'), true),
    test: readBatadalFrame(fixture('test-slice.csv'), false),
  };
  // Slice rows: attack 1 starts at row 191, attack 2 at 491, attack 3 at 801.
  const e = evaluateBatadal(data, { tuneFrom: 400, validateFrom: 700, boosting: { rounds: 20, maxDepth: 3, seed: 1 } });

  it('validates on the later hours only and names the attacks there', () => {
    expect(e.split.validationHours).toBe('05/10/16 04 – 11/10/16 23 (164 h)');
    expect(e.validationAttackIds).toEqual([3]);
    expect(e.validation.attacks).toEqual([expect.objectContaining({ start: 101, duration: 60 })]);
    expect(e.validation.S).toBeCloseTo(0.5 * e.validation.sTtd + 0.5 * e.validation.sCm, 12);
    expect(e.isolationBaseline.validation.attacks).toHaveLength(1);
  });

  it('scores every test hour and flags by the tuned policy', () => {
    expect(e.test.times).toHaveLength(49);
    expect(e.test.times[0]).toBe('04/01/17 00');
    expect(e.test.scores.every((s) => s > 0 && s < 1)).toBe(true);
    expect([...e.test.flags].every((f) => f === 0 || f === 1)).toBe(true);
  });

  it('writes a model that rebuilds its features from raw SCADA rows and explains them in words', () => {
    const { model } = parseModel(JSON.parse(serializeModel(e.model)));
    const rows = scoreCsvFile(model, fixture('test-slice.csv'), 3);
    expect(rows).toHaveLength(49);
    expect(rows[0]?.id).toBe('04/01/17 00');
    expect(rows[0]?.score).toBeCloseTo(e.test.scores[0] as number, 12);
    expect(rows[0]?.contributions).toHaveLength(3);
    expect(rows[0]?.deviations).toHaveLength(3);
    expect(rows[0]?.deviations?.[0]?.text).toMatch(/^(tank|pump|valve|junction) [A-Z0-9]+ /);
  });
});
