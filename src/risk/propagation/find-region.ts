import { TRANSMISSION_STRIDE, type KernelTopology } from './kernel-layout.js';

/**
 * The region a change at `seeds` (positions) can move by more than `floor`:
 * nodes reachable along arcs while the influence bound stays above it. A
 * message is a product of (1 − h) terms, so a change δ at u moves the
 * message on arc u → w by at most δ·t/(1 − h_twin) (the cavity divides out
 * the twin's message); bounds multiply along paths and the best one is kept
 * (label-correcting). Marks the region in `mark` (the caller clears it) and
 * returns it in ascending position order, which is topological between
 * components (see `KernelTopology`). `bound` is scratch of length n, left at 0.
 */
export function findRegion(
  top: KernelTopology,
  transmissionOf: Uint32Array,
  transmissions: Float64Array,
  h: Float64Array,
  mark: Uint8Array,
  bound: Float64Array,
  seeds: readonly number[],
  floor: number,
): number[] {
  const region: number[] = [];
  const { outOffsets, outLinks } = top;
  const queue: number[] = [];
  for (const s of seeds) {
    if (mark[s] === 0) {
      mark[s] = 1;
      region.push(s);
    }
    bound[s] = 1;
    queue.push(s);
  }
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head] as number;
    for (let j = outOffsets[u] as number; j < (outOffsets[u + 1] as number); j++) {
      const w = outLinks[3 * j + 1] as number;
      const twin = outLinks[3 * j + 2] as number;
      const divisor = twin === -1 ? 1 : Math.max(1e-12, 1 - (h[3 * twin + 2] as number));
      const r = TRANSMISSION_STRIDE * (transmissionOf[j] as number);
      const t = Math.max(transmissions[r] as number, transmissions[r + 1] as number, transmissions[r + 3] as number);
      const b = Math.min(1, ((bound[u] as number) * t) / divisor);
      if (b <= floor || b <= (bound[w] as number)) continue;
      bound[w] = b;
      queue.push(w);
      if (mark[w] === 0) {
        mark[w] = 1;
        region.push(w);
      }
    }
  }
  for (const v of region) bound[v] = 0;
  if (region.length * 8 > top.nodeCount) {
    region.length = 0;
    for (let v = 0; v < top.nodeCount; v++) if (mark[v] === 1) region.push(v);
    return region;
  }
  return region.sort((a, b) => a - b);
}
