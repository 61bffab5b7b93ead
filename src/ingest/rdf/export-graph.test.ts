import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../graph/embedded/index.js';
import type { GraphStore } from '../../graph/port.js';
import { labelsOf } from '../../ontology/index.js';
import { projectCgInstances } from '../sources/rdf/mapping.js';
import { exportGraph } from './export-graph.js';
import { parseRdf } from './parse-rdf.js';

let dir: string;
let store: GraphStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'civgraph-export-'));
  store = await openEmbeddedStore({ path: join(dir, 'x.db'), labelsOf });
  await store.write({
    nodes: [
      { id: 'cam-1', kind: 'Camera', props: { name: 'Gate camera', lat: 56, domain: 'PublicSafety', x_vendorCode: 'A7' } },
      { id: 'gw-1', kind: 'Gateway', props: { name: 'Gateway' } },
      { id: 'zone-1', kind: 'Zone', props: { name: 'Harbour' } },
    ],
    edges: [{ kind: 'networkedVia', from: 'cam-1', to: 'gw-1', props: { transmission: 0.4 } }, { kind: 'locatedIn', from: 'gw-1', to: 'zone-1' }],
  });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('exportGraph', () => {
  it('writes Turtle that reads back into the same nodes, props and edges', async () => {
    const turtle = await exportGraph({ store, format: 'turtle' });
    const parsed = await parseRdf({ text: turtle, file: 'export.ttl', syntax: 'turtle' });
    if (!parsed.ok) throw new Error(parsed.diagnostic.message);
    const back = projectCgInstances(parsed.quads);
    expect(back.nodes.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'cam-1', kind: 'Camera', props: { domain: 'PublicSafety', lat: 56, name: 'Gate camera', x_vendorCode: 'A7' } },
      { id: 'gw-1', kind: 'Gateway', props: { name: 'Gateway' } },
      { id: 'zone-1', kind: 'Zone', props: { name: 'Harbour' } },
    ]);
    expect(back.edges.map((e) => `${e.from} ${e.kind} ${e.to}`).sort()).toEqual(['cam-1 networkedVia gw-1', 'gw-1 locatedIn zone-1']);
    expect(turtle).toContain('cg:transmission');
  });

  it('exports the subgraph around a focus node as JSON-LD', async () => {
    const text = await exportGraph({ store, format: 'jsonld', focus: ['cam-1'], depth: 1 });
    const doc = JSON.parse(text) as { '@graph': { '@id': string }[] };
    const ids = doc['@graph'].map((n) => n['@id']).filter((id) => id.startsWith('id:')).sort();
    expect(ids).toEqual(['id:cam-1', 'id:gw-1']);
  });
});
