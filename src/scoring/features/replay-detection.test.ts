import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BATADAL_TAGS, readBatadalFrame, type BatadalFrame } from '../evaluation/batadal-data.js';
import { batadalDeviations, evidenceWords } from './batadal-explanation.js';
import { buildBatadalFeatures, fitBatadalNormalModel, REPLAY_EVIDENCE } from './batadal-features.js';
import { ANALOG_TAGS, REPLAY_WINDOW, replayedStretches } from './replay-detection.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../fixtures/datasets/batadal/${name}`, import.meta.url));

/** A copy of a frame whose `tag` readings at rows [to, to + length) are those of [from, from + length). */
function replaying(frame: BatadalFrame, tag: string, from: number, to: number, length: number): BatadalFrame {
  const copy = Float64Array.from(frame.columns.get(tag) as Float64Array);
  copy.copyWithin(to, from, from + length);
  return { ...frame, columns: new Map([...frame.columns].map(([t, c]) => [t, t === tag ? copy : c])) };
}

describe('replayed readings', () => {
  const normal = readBatadalFrame(fixture('training1-slice.csv'), true);
  const test = readBatadalFrame(fixture('test-slice.csv'), false);

  it('checks levels, flows and pressures, not statuses', () => {
    expect(ANALOG_TAGS).toHaveLength(31);
    expect(ANALOG_TAGS.every((t) => BATADAL_TAGS.includes(t) && !t.startsWith('S_'))).toBe(true);
  });

  it('finds no replay in readings that never repeat a stretch', () => {
    const r = replayedStretches(normal);
    expect(r.tags.every((v) => v === 0)).toBe(true);
    expect([...r.from.values()].every((f) => f.every((v) => v === -1))).toBe(true);
  });

  it('finds a replayed stretch from its sixth hour on and points at the stretch it copies', () => {
    // Tank T4's readings of hours 2–13 sent again at hours 30–41.
    const frame = replaying(test, 'L_T4', 2, 30, 12);
    const r = replayedStretches(frame);
    const from = r.from.get('L_T4') as Int32Array;
    const hits = [...from.keys()].filter((i) => (from[i] as number) >= 0);
    // Needs REPLAY_WINDOW pairwise distinct readings: the copy is found once six of them are in.
    expect(hits[0]).toBeGreaterThanOrEqual(30 + REPLAY_WINDOW - 1);
    expect(hits.every((i) => i <= 41)).toBe(true);
    expect(hits.length).toBeGreaterThan(0);
    // The stretch ending at hour i starts at i − 5; its original starts 28 hours before.
    for (const i of hits) expect(from[i]).toBe(i - (REPLAY_WINDOW - 1) - 28);
    expect(hits.every((i) => r.tags[i] === 1)).toBe(true);
    expect([...r.from].filter(([tag]) => tag !== 'L_T4').every(([, f]) => f.every((v) => v === -1))).toBe(true);
  });

  it('ignores a stretch with repeated readings (a tank at its limit, a pump at rest)', () => {
    const flat = { ...test, columns: new Map([...test.columns].map(([t, c]) => [t, t === 'L_T6' ? Float64Array.from(c, (_, i) => 5.5 + (i % 3) / 100) : c])) };
    expect((replayedStretches(flat).from.get('L_T6') as Int32Array).every((v) => v === -1)).toBe(true);
  });

  it('makes a replay evidence for the alarm policy and words it with the hours it copies', () => {
    const frame = replaying(test, 'L_T4', 2, 30, 12);
    const features = buildBatadalFeatures(frame, fitBatadalNormalModel(normal));
    const from = features.replay.from.get('L_T4') as Int32Array;
    const hits = [...from.keys()].filter((i) => (from[i] as number) >= 0);
    expect(hits.every((i) => (features.evidence[i] as number) >= REPLAY_EVIDENCE)).toBe(true);
    const r = hits.find((i) => features.evidenceFrom[i] === 'replay:L_T4') as number;
    expect(r).toBeDefined();
    const start = from[r] as number;
    expect(evidenceWords(frame, features, r)).toBe(`replayed readings: the last 6 readings of tank T4 level repeat those of ${frame.times[start]} – ${frame.times[start + 5]} exactly`);
    // Two tags replayed together: the words name one and count the other.
    const two = replaying(frame, 'P_J14', 2, 30, 12);
    const f2 = buildBatadalFeatures(two, fitBatadalNormalModel(normal));
    const both = [...f2.replay.tags.keys()].find((i) => f2.replay.tags[i] === 2 && (f2.evidenceFrom[i] ?? '').startsWith('replay:')) as number;
    expect(evidenceWords(two, f2, both)).toMatch(/^replayed readings: the last 6 readings of (tank T4 level|junction J14 pressure) \(and 1 more tag\) repeat those of /);
    const word = batadalDeviations(frame, features, r, 43).find((w) => w.check === 'replay');
    const readings = [...(frame.columns.get('L_T4') as Float64Array).subarray(r - 5, r + 1)].map((v) => v.toFixed(2)).join(', ');
    expect(word?.text).toBe(`tank T4 level: the last 6 readings (${readings}) repeat those of ${frame.times[start]} – ${frame.times[start + 5]} exactly`);
    const c = features.matrix.featureNames.indexOf('replay:tags');
    expect(features.matrix.data[r * features.matrix.columns + c]).toBe(1);
  });
});
