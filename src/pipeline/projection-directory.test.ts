import { describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../graph/embedded/index.js';
import { buildProjection } from '../graph/projection/index.js';
import { labelsOf } from '../ontology/index.js';
import { projectionDirectory, projectionElementOf } from './projection-directory.js';

const pump = (id: string, props: Record<string, string>): { id: string; kind: string; props: Record<string, string> } => ({
  id, kind: 'Pump', props: { name: id, domain: 'Water', zone: 'zone-0-0', ...props },
});

describe('projectionElementOf (cg:site, cg:element for the live scorer)', () => {
  it('reads site and element from the projection and follows its change feed', async () => {
    const store = openEmbeddedStore({ path: ':memory:', labelsOf });
    try {
      await store.write({ nodes: [pump('w0-PU4', { site: 'w0', element: 'PU4' }), { id: 'cam-0', kind: 'Camera', props: { name: 'cam', domain: 'PublicSafety', zone: 'zone-0-0' } }] });
      const projection = await buildProjection(store);
      const elementOf = projectionElementOf(projection);
      const directory = projectionDirectory(projection);
      expect(['w0-PU4', 'cam-0', 'w0-PU5'].map(elementOf)).toEqual([{ site: 'w0', element: 'PU4' }, undefined, undefined]);
      // A device added while serving, and an upsert that drops a prop, show once the projection has refreshed.
      await store.write({ nodes: [pump('w0-PU5', { site: 'w0', element: 'PU5' }), pump('w0-PU4', { site: 'w0' })] });
      expect(elementOf('w0-PU5')).toBeUndefined();
      await projection.refresh(store);
      expect(['w0-PU4', 'w0-PU5'].map(elementOf)).toEqual([{ site: 'w0' }, { site: 'w0', element: 'PU5' }]);
      expect(directory('w0-PU5')).toEqual({ kind: 'Pump', domain: 'Water', group: 'zone-0-0', zone: 'zone-0-0' });
      await store.write({ deleteNodes: ['w0-PU5'] });
      await projection.refresh(store);
      expect(elementOf('w0-PU5')).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
