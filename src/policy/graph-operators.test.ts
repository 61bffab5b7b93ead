import { describe, expect, it } from 'vitest';
import { FakeGraphStore } from '../graph/projection/fake-graph-store.test-support.js';
import { buildProjection } from '../graph/projection/index.js';
import { pathExists, servesCriticalService } from './graph-operators.js';

describe('graph-search operators remember verdicts per projection version', () => {
  it('answers again from the graph once the projection moves (same condition value object)', async () => {
    const store = new FakeGraphStore();
    store.write({
      nodes: [
        { id: 'S1', kind: 'Substation' },
        { id: 'H1', kind: 'Hospital' },
        { id: 'SV1', kind: 'Service', props: { criticality: 5 } },
      ],
      edges: [
        { kind: 'poweredBy', from: 'H1', to: 'S1' },
        { kind: 'dependsOn', from: 'SV1', to: 'H1' },
      ],
    });
    const projection = await buildProjection(store);
    const context = { projection };
    const toHospital = { to: 'H1', hops: 1 };
    const critical = { minCriticality: 4, hops: 2 };
    const verdicts = (): boolean[] => [
      pathExists(context, 'S1', toHospital), pathExists(context, 'S1', toHospital), pathExists(context, 'H1', toHospital),
      servesCriticalService(context, 'S1', critical), servesCriticalService(context, 'S1', critical), servesCriticalService(context, 'S1', undefined),
    ];
    expect(verdicts()).toEqual([true, true, false, true, true, true]);
    store.write({ deleteEdges: ['H1|poweredBy|S1'] });
    await projection.refresh(store);
    expect(verdicts()).toEqual([false, false, false, false, false, false]);
    store.write({ edges: [{ kind: 'poweredBy', from: 'H1', to: 'S1' }] });
    await projection.refresh(store);
    expect(verdicts()).toEqual([true, true, false, true, true, true]);
  });
});
