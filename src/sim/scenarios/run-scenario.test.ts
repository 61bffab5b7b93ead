import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateCity, indexCity, runScenario, SCENARIO_NAMES, SCENARIOS, type ObservationEvent, type ScenarioRun } from '../index.js';

const city = indexCity(generateCity({ devices: 5000, seed: 1 }));
const runs = new Map<string, ScenarioRun>(SCENARIO_NAMES.map((name) => [name, runScenario({ city, name, seed: 1 })]));
const get = (name: string): ScenarioRun => {
  const run = runs.get(name);
  if (run === undefined) throw new Error(`no run ${name}`);
  return run;
};
const digest = (run: ScenarioRun): string => createHash('sha256').update(JSON.stringify([run.events, run.groundTruth])).digest('hex');

describe('runScenario', () => {
  it('lists every scenario with a description', () => {
    expect(SCENARIOS.map((s) => s.name)).toEqual([...SCENARIO_NAMES]);
  });

  it.each(SCENARIO_NAMES)('%s: ground truth is consistent with the events', (name) => {
    const { events, groundTruth: truth } = get(name);
    const byId = new Map(events.map((e) => [e.id, e]));
    expect(byId.size).toBe(events.length);
    expect(events.every((e, i) => i === 0 || (events[i - 1]?.time ?? '') <= e.time)).toBe(true);
    const stages = new Set(truth.stages.map((s) => s.name));
    expect(stages.size).toBe(truth.stages.length);
    const involved = new Set([...truth.attackedAssets, ...truth.affectedDevices, ...truth.stages.flatMap((s) => s.assets)]);
    expect(truth.labels.length).toBeGreaterThan(0);
    for (const label of truth.labels) {
      const event = byId.get(label.eventId);
      expect(event, label.eventId).toBeDefined();
      expect(stages.has(label.stage)).toBe(true);
      expect(involved.has(event?.deviceId ?? '')).toBe(true);
      expect((event?.time ?? '') >= truth.start && (event?.time ?? '') <= truth.end).toBe(true);
    }
    for (const stage of truth.stages) expect(truth.labels.some((l) => l.stage === stage.name), stage.name).toBe(true);
    expect(truth.techniques.every((t) => /^T\d{4}$/.test(t))).toBe(true);
    expect(truth.impactedServices.length).toBeGreaterThan(0);
  });

  it('is deterministic by seed', () => {
    expect(digest(runScenario({ city, name: 'coordinated', seed: 1 }))).toBe(digest(get('coordinated')));
    expect(digest(runScenario({ city, name: 'coordinated', seed: 2 }))).not.toBe(digest(get('coordinated')));
  });

  it('camera-botnet enlists only cameras with default credentials, with ICS technique T0812', () => {
    const truth = get('camera-botnet').groundTruth;
    const byId = new Map(city.devices.map((d) => [d.id, d]));
    expect(truth.attackedAssets.every((id) => byId.get(id)?.kind === 'Camera' && byId.get(id)?.defaultCredentials === true)).toBe(true);
    expect(truth.techniques).toEqual(['T0812', 'T0815', 'T0869', 'T0883', 'T1498']);
  });

  it('plc-manipulation holds PU4 off while T3 drains below its switch-on level', () => {
    const run = get('plc-manipulation');
    const stage = run.groundTruth.stages.find((s) => s.name === 'plc-manipulation');
    const inside = (o: ObservationEvent): boolean => o.time >= (stage?.start ?? '') && o.time < (stage?.end ?? '');
    const obs = run.events.filter((e): e is ObservationEvent => e.type === 'observation' && inside(e));
    expect(new Set(obs.filter((o) => o.deviceId === 'w0-PU4').map((o) => o.value))).toEqual(new Set([0]));
    const level = obs.filter((o) => o.deviceId === 'w0-L_T3').map((o) => o.value);
    expect(Math.min(...level)).toBeLessThan(3 - 1.5);
    expect((level[0] ?? 0) - (level[level.length - 1] ?? 0)).toBeGreaterThan(2);
    expect(run.groundTruth.techniques).toEqual(['T0831', 'T0836', 'T0855', 'T0886']);
  });

  it('gateway-ransomware silences every device behind the shared gateway', () => {
    const run = get('gateway-ransomware');
    const stage = run.groundTruth.stages.find((s) => s.name === 'gateway-encryption');
    const silent = new Set(run.groundTruth.affectedDevices);
    expect(silent.has('w0-PLC3') && silent.has('tc-0')).toBe(true);
    const late = run.events.filter((e) => e.type === 'observation' && silent.has(e.deviceId) && e.time > (stage?.start ?? '') && e.time < (stage?.end ?? ''));
    expect(late).toEqual([]);
    expect(run.groundTruth.impactedServices).toContain('svc-water-0');
  });

  it('substation-trip darkens signals and puts a hospital on its generator', () => {
    const truth = get('substation-trip').groundTruth;
    expect(truth.affectedDevices.some((id) => id.startsWith('sig-'))).toBe(true);
    expect(truth.impactedServices).toContain('svc-hospital-0');
    expect(truth.labels.some((l) => l.label === 'consequence' && l.eventId.startsWith('obs-hosp-0-meter-activePower'))).toBe(true);
  });

  it('air-quality-drift is a fault without techniques', () => {
    const truth = get('air-quality-drift').groundTruth;
    expect(truth.kind).toBe('fault');
    expect(truth.techniques).toEqual([]);
    expect(new Set(truth.labels.map((l) => l.label))).toEqual(new Set(['fault']));
  });

  it('coordinated touches water, transportation and energy within an hour', () => {
    const truth = get('coordinated').groundTruth;
    for (const domain of ['Water', 'Transportation', 'Energy', 'Communications']) expect(truth.domains).toContain(domain);
    const strikes = ['plc-manipulation', 'traffic-false-data', 'breaker-trip'].map((n) => Date.parse(truth.stages.find((s) => s.name === n)?.start ?? ''));
    expect(Math.max(...strikes) - Math.min(...strikes)).toBeLessThanOrEqual(3_600_000);
    expect(truth.attackedAssets).toContain(city.notable.sharedGateway);
  });

  it('rejects an unknown scenario with the valid names', () => {
    expect(() => runScenario({ city, name: 'meteor-strike' })).toThrowError(
      expect.objectContaining({ code: 'CG_SCENARIO_UNKNOWN', details: { name: 'meteor-strike', valid: [...SCENARIO_NAMES] } }),
    );
  });
});
