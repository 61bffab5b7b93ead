import type { Projection } from '../../graph/projection/index.js';
import { EDGE_ALIVE } from '../../graph/projection/index.js';

/** β: how much one exposed weakness raises the chance an attack step succeeds. */
export const DEFAULT_SUSCEPTIBILITY_WEIGHT = 0.5;

/** Exploitation likelihood of a vulnerability record: exploitability, else CVSS/10, else 0. */
function likelihood(exploitability: number, cvss: number): number {
  if (Number.isFinite(exploitability)) return Math.min(1, Math.max(0, exploitability));
  if (Number.isFinite(cvss)) return Math.min(1, Math.max(0, cvss / 10));
  return 0;
}

/**
 * Susceptibility s(v) ∈ [0, 1]: the chance that an attacker who reaches v
 * gets in through a known weakness, independently per weakness (noisy-OR):
 *
 *   s(v) = 1 − (1 − β·[defaultCredentials(v)]) · (1 − β·e(v)) · Π_{v hasVulnerability x} (1 − β·e(x))
 *
 * with e = exploitability (cg:exploitability), else cvss/10 (cg:cvss) and β
 * the weight (default 0.5: a known weakness at most halves the attacker's
 * remaining difficulty). It refines compromise transmission into v and seeds
 * the exposure prior (README "Priors").
 */
export function computeSusceptibility(projection: Projection, beta: number): Float64Array {
  const n = projection.nodeCount;
  const { columns } = projection;
  const miss = new Float64Array(n).fill(1);
  for (let v = 0; v < n; v++) {
    if (!projection.isAlive(v)) continue;
    const credentials = columns.defaultCredentials[v] === 1 ? 1 : 0;
    const own = projection.isA(v, 'Vulnerability') ? 0 : likelihood(columns.exploitability[v] as number, columns.cvss[v] as number);
    miss[v] = (1 - beta * credentials) * (1 - beta * own);
  }
  const hasVulnerability = projection.edgeKindCode('hasVulnerability');
  if (hasVulnerability !== -1) {
    const raw = projection.raw();
    for (let e = 0; e < projection.edgeSlotCount; e++) {
      if (raw.edgeKind[e] !== hasVulnerability || ((raw.edgeFlags[e] as number) & EDGE_ALIVE) === 0) continue;
      const x = raw.edgeTo[e] as number;
      const v = raw.edgeFrom[e] as number;
      miss[v]! *= 1 - beta * likelihood(columns.exploitability[x] as number, columns.cvss[x] as number);
    }
  }
  const s = new Float64Array(n);
  for (let v = 0; v < n; v++) s[v] = 1 - (miss[v] as number);
  return s;
}
