/**
 * Turns fired rules into concrete candidates and resolved constraints: each
 * rule's symbolic targets are resolved on the graph from the event's device,
 * duplicates merge (the rule ids are kept for the explanation).
 */
import { diagnostic, type Diagnostic } from '../core/index.js';
import type { Projection } from '../graph/projection/index.js';
import type { FiredRule } from '../policy/index.js';
import { candidateKey, type Candidate, type ResponseAction } from './response-action.js';
import { resolveTarget } from './resolve-target.js';
import type { ResolvedConstraints } from './select-response.js';

/** The rules that fired for one event's device. */
export interface Firing {
  readonly deviceId: string;
  readonly fired: readonly FiredRule[];
}

export interface CollectedCandidates {
  readonly candidates: readonly Candidate[];
  readonly constraints: ResolvedConstraints;
  readonly diagnostics: readonly Diagnostic[];
}

export function collectCandidates(projection: Projection, actions: ReadonlyMap<string, ResponseAction>, firings: readonly Firing[]): CollectedCandidates {
  const byKey = new Map<string, { action: ResponseAction; target: string; ruleIds: Set<string> }>();
  const forbid = new Map<string, string>();
  const approval = new Map<string, string>();
  const protect = new Map<string, { maxAddedLoss: number; ruleId: string }>();
  const diagnostics: Diagnostic[] = [];
  const target = (deviceId: string, ref: Parameters<typeof resolveTarget>[2], ruleId: string): string | undefined => {
    const id = resolveTarget(projection, deviceId, ref);
    if (id === undefined) diagnostics.push(diagnostic('CG_ACTION_UNKNOWN_TARGET', `no ${ref} for ${deviceId}`, { field: ruleId }, 'warning'));
    return id;
  };
  for (const { deviceId, fired } of firings) {
    for (const { ruleId, event } of fired) {
      for (const proposal of event.params.actions ?? []) {
        const action = actions.get(proposal.action);
        const id = target(deviceId, proposal.target, ruleId);
        if (action === undefined || id === undefined) continue;
        const key = candidateKey(action.id, id);
        const known = byKey.get(key) ?? { action, target: id, ruleIds: new Set<string>() };
        known.ruleIds.add(ruleId);
        byKey.set(key, known);
      }
      for (const c of event.params.constraints ?? []) {
        if (c.type === 'protectService') {
          const known = protect.get(c.serviceKind);
          if (known === undefined || c.maxAddedLoss < known.maxAddedLoss) protect.set(c.serviceKind, { maxAddedLoss: c.maxAddedLoss, ruleId });
          continue;
        }
        const id = target(deviceId, c.target, ruleId);
        if (id === undefined) continue;
        (c.type === 'forbid' ? forbid : approval).set(candidateKey(c.action, id), ruleId);
      }
    }
  }
  const candidates = [...byKey.entries()].map(([key, c]) => ({ key, action: c.action, target: c.target, ruleIds: [...c.ruleIds].sort() }));
  return { candidates, constraints: { forbid, approval, protect }, diagnostics };
}
