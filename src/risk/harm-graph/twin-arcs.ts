/**
 * For every arc u → v, the arc v → u when one exists (else -1): networkedVia
 * runs both ways and C-Town PLCs depend on each other. Propagation excludes
 * the twin's contribution when u passes harm back to v (non-backtracking
 * messages), so harm does not echo between two nodes. O(m log d): parents
 * of each node sorted by source, then one binary search per arc.
 */
export function findTwinArcs(n: number, inOffsets: Uint32Array, arcFrom: Uint32Array, arcTo: Uint32Array): Int32Array {
  const m = inOffsets[n] as number;
  const byFrom = new Uint32Array(m);
  for (let a = 0; a < m; a++) byFrom[a] = a;
  for (let v = 0; v < n; v++) {
    const start = inOffsets[v] as number;
    const end = inOffsets[v + 1] as number;
    if (end - start > 1) {
      const row = Array.from(byFrom.subarray(start, end)).sort((x, y) => (arcFrom[x] as number) - (arcFrom[y] as number));
      byFrom.set(row, start);
    }
  }
  const twin = new Int32Array(m).fill(-1);
  for (let a = 0; a < m; a++) {
    const u = arcFrom[a] as number;
    const v = arcTo[a] as number;
    let lo = inOffsets[u] as number;
    let hi = inOffsets[u + 1] as number;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((arcFrom[byFrom[mid] as number] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo < (inOffsets[u + 1] as number) && arcFrom[byFrom[lo] as number] === v) twin[a] = byFrom[lo] as number;
  }
  return twin;
}
