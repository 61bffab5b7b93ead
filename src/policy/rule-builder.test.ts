import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCity } from '../sim/index.js';
import { projectionFromBatches } from '../risk/index.js';
import { validateRule } from './load-policies.js';
import { createPolicyEngine } from './policy-engine.js';
import { buildFacts, EventHistory } from './facts.js';
import { all, countWithin, defineRule, deviceIs, eventKind, propose, requireApproval } from './rule-builder.js';

const schema = join(import.meta.dirname, '..', '..', 'rules', 'rules.schema.json');

describe('typed rule builder', () => {
  const rule = defineRule({
    id: 'camera-login-burst',
    name: 'Camera login burst',
    description: 'Five failed logins within 10 minutes on a camera.',
    domain: 'PublicSafety',
    severity: 'high',
    explanation: 'Camera {{event.deviceId}} saw a login burst.',
    when: all(eventKind('failedLogin'), deviceIs('Camera'), countWithin('failedLogin', 10, 5)),
    actions: [propose('rotate-credentials')],
    constraints: [requireApproval('isolate-device')],
  });

  it('builds a rule the schema and checks accept', () => {
    expect(validateRule(rule, 'builder', schema, new Set(['rotate-credentials', 'isolate-device']))).toEqual({ rule, diagnostics: [] });
  });

  it('fires through the engine once the temporal window fills, and never on events derived from decisions', () => {
    const projection = projectionFromBatches(generateCity({ devices: 600, seed: 2 }).batches());
    let camera = '';
    for (let v = 0; v < projection.nodeCount && camera === ''; v++) if (projection.isA(v, 'Camera')) camera = projection.nodeId(v);
    const engine = createPolicyEngine({ rules: [rule], context: { projection } });
    const history = new EventHistory(60);
    const at = (minute: number, derived = false) => ({ id: `e${minute}`, time: `2026-01-05T10:${String(minute).padStart(2, '0')}:00.000Z`, kind: 'failedLogin', deviceId: camera, count: 2, derivedFromDecision: derived });
    const fire = (minute: number, derived = false) => engine.evaluate(buildFacts({ event: at(minute, derived), history: history.record(at(minute, derived)) })).map((f) => f.ruleId);
    expect(fire(0)).toEqual([]);
    expect(fire(1, true)).toEqual([]);
    expect(fire(2)).toEqual([]);
    expect(fire(3)).toEqual(['camera-login-burst']);
    expect(fire(30)).toEqual([]);
  });
});
