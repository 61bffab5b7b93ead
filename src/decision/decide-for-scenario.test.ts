import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicies } from '../policy/index.js';
import { projectionFromBatches } from '../risk/index.js';
import { loadActions } from '../response/index.js';
import { generateCity, indexCity, runScenario } from '../sim/index.js';
import { appendToLog, verifyLog } from './decision-log.js';
import { decideForScenario } from './decide-for-scenario.js';
import { maskRecord } from './mask-record.js';
import { renderDecision } from './render-decision.js';

const dir = join(import.meta.dirname, '..', '..', 'rules');

describe('decideForScenario on the simulated city (gateway ransomware, seed 1)', () => {
  const catalogue = loadActions({ dir });
  const bundle = loadPolicies({ dir, actions: new Set(catalogue.actions.keys()) });
  const city = generateCity({ devices: 2500, seed: 1 });
  const projection = projectionFromBatches(city.batches());
  const run = runScenario({ city: indexCity(city), name: 'gateway-ransomware', seed: 1, hours: 6 });
  const result = decideForScenario({ projection, run, rules: bundle.rules.map((r) => r.rule), actions: catalogue.actions, versions: { policyBundle: bundle.version, model: 'm', graph: 'g' } });
  const [record] = result.decisions;

  it('filters the shared gateway now, runs the controllers behind it by hand, and holds its isolation for approval', () => {
    expect(result.flagged).toEqual(['gw-shared']);
    expect(record?.chosen.map((a) => `${a.action}@${a.target}`)).toEqual([
      'filter-traffic@gw-shared',
      ...['w0-PLC1', 'w0-PLC2', 'w0-PLC3', 'w0-PLC5', 'w0-PLC6', 'w0-PLC7', 'w0-PLC9'].map((id) => `isolate-controller-manual@${id}`),
    ]);
    expect(record?.pendingApproval.map((a) => `${a.action}@${a.target}`).sort()).toEqual(['isolate-device@gw-shared', 'isolate-segment@seg-2-ot']);
    expect(record?.pendingApproval.every((a) => a.approvalReason?.startsWith('rule ') === true)).toBe(true);
  });

  it('without hand operation behind the gateway (manualBehindGateway: false), only the filter runs and availability is lower', () => {
    const opted = decideForScenario({ projection, run, rules: bundle.rules.map((r) => r.rule), actions: catalogue.actions, versions: { policyBundle: bundle.version, model: 'm', graph: 'g' }, manualBehindGateway: false });
    const [decision] = opted.decisions;
    expect(decision?.chosen.map((a) => `${a.action}@${a.target}`)).toEqual(['filter-traffic@gw-shared']);
    expect(decision?.pendingApproval.map((a) => `${a.action}@${a.target}`).sort()).toEqual(['isolate-device@gw-shared', 'isolate-segment@seg-2-ot']);
    // The filter leaks 10 % to the PLCs and the gateway may fail: the water network and the hospitals it feeds lose 3 points.
    expect(opted.mitigation.availability).toBeCloseTo(0.97019, 4);
    expect(result.mitigation.availability).toBeCloseTo(0.99987, 4);
    expect(result.mitigation.riskReduction).toBeGreaterThan(opted.mitigation.riskReduction);
    // Interim candidates come after the main selection: without them the rest of the decision is the same.
    const interim = new Set(record?.chosen.filter((a) => a.ruleIds.join() === 'interim-behind-gateway').map((a) => a.key));
    expect(interim.size).toBe(7);
    expect(record?.chosen.filter((a) => !interim.has(a.key))).toEqual(decision?.chosen);
  });

  it('measures availability and risk reduction beside the static baseline', () => {
    const m = result.mitigation;
    expect(m.availability).toBeGreaterThan(m.baselineAvailability);
    expect(m.availabilityIfApproved).toBeCloseTo(m.staticAvailability, 9);
    expect(m.riskReductionIfApproved).toBeCloseTo(m.staticRiskReduction, 9);
    // The traffic filter (cutResidual 0.1) holds most of the gateway's reach until a person approves isolation.
    expect(m.riskReduction).toBeGreaterThan(0.98);
    expect(m.riskReduction).toBeLessThan(m.staticRiskReduction);
  });

  it('records an explanation that renders, masks and chains', () => {
    expect(record?.versions).toEqual({ policyBundle: bundle.version, model: 'm', graph: 'g' });
    expect(new Set(record?.rules.map((r) => r.ruleId))).toContain('gateway-ransomware');
    const text = renderDecision(record!);
    expect(text).toContain('Rule gateway-ransomware@1.0.0 (critical) fired: Gateway gw-shared is encrypting files');
    expect(text).toContain('Waiting for approval: isolate-device on gw-shared');
    const log = join(mkdtempSync(join(tmpdir(), 'cg-dec-')), 'decisions.jsonl');
    appendToLog(log, [maskRecord(record!)]);
    expect(verifyLog(log)).toMatchObject({ ok: true, entries: 1 });
  });
});

describe('decideForScenario on PLC manipulation (seed 1): contain without switching the water off', () => {
  const catalogue = loadActions({ dir });
  const bundle = loadPolicies({ dir, actions: new Set(catalogue.actions.keys()) });
  const city = generateCity({ devices: 2500, seed: 1 });
  const projection = projectionFromBatches(city.batches());
  const run = runScenario({ city: indexCity(city), name: 'plc-manipulation', seed: 1, hours: 6 });
  const result = decideForScenario({ projection, run, rules: bundle.rules.map((r) => r.rule), actions: catalogue.actions, versions: { policyBundle: bundle.version, model: 'm', graph: 'g' } });

  it('isolates the PLC and the pumps and runs them by hand; every flagged device is contained', () => {
    const chosen = new Map(result.decisions[0]?.chosen.map((a) => [a.target, a.action]));
    expect(chosen.get('w0-PLC3')).toBe('isolate-controller-manual');
    expect([chosen.get('w0-PU4'), chosen.get('w0-PU5')]).toEqual(['manual-operation', 'manual-operation']);
    expect(result.flagged.filter((id) => !chosen.has(id))).toEqual([]);
  });

  it('keeps critical services up where the static protocol (isolate everything) starves the water supply', () => {
    const m = result.mitigation;
    expect(m.availability).toBeGreaterThan(0.995);
    expect(m.staticAvailability).toBeLessThan(0.9);
    expect(m.riskReduction).toBeCloseTo(m.staticRiskReduction, 9);
  });
});
