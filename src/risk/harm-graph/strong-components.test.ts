import { describe, expect, it } from 'vitest';
import { readCityFixture } from '../exact/city-fixture.js';
import { buildHarmGraph } from './build-harm-graph.js';
import { partitionLeaves } from './leaf-partition.js';
import { strongComponents } from './strong-components.js';

/** Child rows of a small graph given as [from, to] arcs (arc i is the i-th pair). */
function rows(n: number, arcs: readonly (readonly [number, number])[]) {
  const outOffsets = new Uint32Array(n + 1);
  for (const [from] of arcs) outOffsets[from + 1]!++;
  for (let v = 0; v < n; v++) outOffsets[v + 1]! += outOffsets[v] as number;
  const cursor = outOffsets.slice(0, n);
  const outArcs = new Uint32Array(arcs.length);
  arcs.forEach(([from], a) => (outArcs[cursor[from]!++] = a));
  return { outOffsets, outArcs, arcTo: Uint32Array.from(arcs.map(([, to]) => to)) };
}

describe('strongComponents (Tarjan)', () => {
  it('lists components in topological order, each node before its DFS ancestors', () => {
    // 5 → {0 ⇄ 1} → {2 ⇄ 3} → 4
    const g = rows(6, [
      [0, 1],
      [1, 0],
      [1, 2],
      [2, 3],
      [3, 2],
      [3, 4],
      [5, 0],
    ]);
    const { order, start } = strongComponents(6, g.outOffsets, g.outArcs, g.arcTo);
    expect([...order]).toEqual([5, 1, 0, 3, 2, 4]);
    expect([...start]).toEqual([0, 1, 3, 5, 6]);
  });

  it('handles a graph without arcs and a self-loop as single components', () => {
    const g = rows(3, [[1, 1]]);
    const { order, start } = strongComponents(3, g.outOffsets, g.outArcs, g.arcTo);
    expect([...order]).toEqual([2, 1, 0]);
    expect([...start]).toEqual([0, 1, 2, 3]);
  });
});

describe('partitionLeaves', () => {
  it('puts the pendant devices of the cycle city first and keeps the real loop as the core', () => {
    const { projection } = readCityFixture('cycle-shared-gateway');
    const graph = buildHarmGraph(projection);
    const { order, start, coreStart } = partitionLeaves(graph, strongComponents(graph.nodeCount, graph.outOffsets, graph.outArcs, graph.arcTo));
    const ids = (from: number, to: number): string[] => [...order.slice(from, to)].map((v) => projection.nodeId(v));
    const components = Array.from({ length: start.length - 1 }, (_, c) => ({
      leaves: ids(start[c] as number, coreStart[c] as number),
      core: ids(coreStart[c] as number, start[c + 1] as number),
    }));
    // cam-1 and tc-1 hang on gw-1 by one networkedVia twin pair each; gw-1 → plc-1 → plc-2 → gw-1 is a loop.
    expect(components).toEqual([
      { leaves: ['tc-1', 'cam-1'], core: ['plc-2', 'plc-1', 'gw-1'] },
      { leaves: [], core: ['int-1'] },
      { leaves: [], core: ['svc-traffic'] },
      { leaves: [], core: ['pump-1'] },
      { leaves: [], core: ['tank-1'] },
      { leaves: [], core: ['svc-water'] },
    ]);
  });
});
