import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isEngineError } from '../../core/index.js';
import { SCENARIO_NAMES, generateCity, indexCity, runScenario, type SimEvent } from '../../sim/index.js';
import { createLiveScorer } from './create-live-scorer.js';
import { parseLiveModel } from './live-model.js';
import { loadLiveScorer } from './load-live-scorer.js';
import { deviceLookups } from './train-live-scorer.js';

const EXPECTED = [
  { name: 'camera-botnet', flaggedLabelled: 228, labelled: 228, flaggedNormal: 54, normal: 22525, missedStages: [] },
  { name: 'traffic-false-data', flaggedLabelled: 141, labelled: 145, flaggedNormal: 54, normal: 22668, missedStages: [] },
  { name: 'plc-manipulation', flaggedLabelled: 96, labelled: 227, flaggedNormal: 112, normal: 23742, missedStages: [] },
  { name: 'substation-trip', flaggedLabelled: 33, labelled: 33, flaggedNormal: 56, normal: 32694, missedStages: [] },
  { name: 'gateway-ransomware', flaggedLabelled: 4, labelled: 4, flaggedNormal: 19, normal: 27883, missedStages: [] },
  // A fault, not an attack: the drifting sensor loses trust against its peers instead of alarming.
  { name: 'air-quality-drift', flaggedLabelled: 0, labelled: 57, flaggedNormal: 54, normal: 20445, missedStages: ['sensor-drift'] },
  { name: 'coordinated', flaggedLabelled: 258, labelled: 408, flaggedNormal: 113, normal: 38393, missedStages: [] },
];
const EXPECTED_LOGIN_WORDS = 'w0-PLC3: security event: successful login; 1 successful login in 60 min; unusual for the time of day (09:37 UTC)';

const MODEL_FILE = fileURLToPath(new URL('../../../fixtures/models/sim-live/sim-live-scorer.json', import.meta.url));
const model = parseLiveModel(JSON.parse(readFileSync(MODEL_FILE, 'utf8')));
// A city the model never saw (training: city seed 11, scenario seeds 101–105, calibration 201).
const city = indexCity(generateCity({ devices: 600, seed: 5 }));

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (error) {
    return isEngineError(error) ? error.code : 'not an EngineError';
  }
  return undefined;
}

describe('createLiveScorer on the simulator scenarios (city seed 5, scenario seed 7, 24 h)', () => {
  const summary = SCENARIO_NAMES.map((name) => {
    const run = runScenario({ city, name, seed: 7, hours: 24 });
    const scorer = createLiveScorer({ model, ...deviceLookups(run) });
    const stageOf = new Map(run.groundTruth.labels.map((l) => [l.eventId, l.stage]));
    const counts = { flaggedLabelled: 0, labelled: 0, flaggedNormal: 0, normal: 0 };
    const stages = new Set<string>();
    for (const event of run.events) {
      const s = scorer.score(event);
      const stage = stageOf.get(event.id);
      if (stage === undefined) {
        counts.normal++;
        if (s.flagged) counts.flaggedNormal++;
        continue;
      }
      counts.labelled++;
      if (s.flagged) {
        counts.flaggedLabelled++;
        stages.add(stage);
      }
    }
    const missed = run.groundTruth.stages.map((s) => s.name).filter((s) => !stages.has(s));
    return { name, ...counts, missedStages: missed };
  });

  it('flags the attack events and few normal ones, with these exact counts', () => {
    expect(summary).toEqual(EXPECTED);
  });

  it('keeps the false-positive rate under 0.3 % of normal events and detects every attack stage', () => {
    const normal = summary.reduce((n, s) => n + s.normal, 0);
    const flagged = summary.reduce((n, s) => n + s.flaggedNormal, 0);
    expect(flagged / normal).toBeLessThan(0.003);
    expect(summary.filter((s) => s.name !== 'air-quality-drift').flatMap((s) => s.missedStages)).toEqual([]);
  });
});

describe('a flagged event', () => {
  const run = runScenario({ city, name: 'plc-manipulation', seed: 7, hours: 24 });
  const scorer = createLiveScorer({ model });
  const scores = new Map(run.events.map((e) => [e.id, scorer.score(e)]));
  const login = run.events.find((e) => e.type === 'security' && e.action === 'successfulLogin' && e.deviceId === 'w0-PLC3') as SimEvent;

  it('carries top TreeSHAP contributions with actual and expected values, and words', () => {
    const s = scores.get(login.id);
    expect(s?.flagged).toBe(true);
    expect(s?.contributions.length).toBeLessThanOrEqual(5);
    const magnitudes = s?.contributions.map((c) => Math.abs(c.value)) ?? [];
    expect(magnitudes).toEqual([...magnitudes].sort((a, b) => b - a));
    expect(s?.contributions.find((c) => c.feature === 'sec:successfulLogin')).toMatchObject({ actual: 1, expected: model.securityExpected[1] });
    expect(model.securityExpected[1]).toBeLessThan(0.001);
    expect(s?.explanation).toBe(EXPECTED_LOGIN_WORDS);
    expect(s?.trust).toBe(1);
  });

  it('gives the exact reference TreeSHAP values for the login', () => {
    const s = scores.get(login.id);
    expect(s?.contributions.map((c) => c.feature)).toEqual(['security', 'sec:successfulLogin', 'kind', 'value:z', 'hour:sin']);
    const expected = [5.702377361594028, 3.3670494720496844, -1.2919216307898986, -0.303947293791393, 0.2541571581687928];
    s?.contributions.forEach((c, i) => expect(c.value).toBeCloseTo(expected[i] as number, 9));
  });

  it('unflagged events skip TreeSHAP', () => {
    const quiet = [...scores.values()].filter((s) => !s.flagged);
    expect(quiet.every((s) => s.contributions.length === 0 && s.explanation === '')).toBe(true);
  });
});

describe('thresholds, loading and bad input', () => {
  it('moves one device kind threshold by feedback and rejects a non-probability', () => {
    const scorer = createLiveScorer({ model });
    expect(scorer.threshold('Camera')).toBe(model.probabilityThreshold);
    expect(scorer.setThreshold('Camera', 0.9)).toBe(0.9);
    expect([scorer.threshold('Camera'), scorer.threshold('Plc')]).toEqual([0.9, model.probabilityThreshold]);
    expect(codeOf(() => scorer.setThreshold('Camera', 1.5))).toBe('CG_LIVE_THRESHOLD_INVALID');
  });

  it('loads the shipped file with its content hash as version, and refuses missing or edited files', async () => {
    const scorer = await loadLiveScorer(MODEL_FILE);
    expect(scorer.version).toBe(model.version);
    expect(scorer.version).toBe(JSON.parse(readFileSync(MODEL_FILE, 'utf8')).version);
    await expect(loadLiveScorer('/nonexistent/model.json')).rejects.toMatchObject({ code: 'CG_FILE_UNREADABLE' });
    const edited = JSON.parse(readFileSync(MODEL_FILE, 'utf8'));
    edited.metadata.probabilityThreshold = 0.01;
    expect(codeOf(() => parseLiveModel(edited))).toBe('CG_MODEL_VERSION_MISMATCH');
  });
});
