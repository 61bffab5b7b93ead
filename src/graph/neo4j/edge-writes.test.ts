/**
 * Which statements a batch's edge writes send (./edge-writes.ts), against a
 * recording transaction: an edge touching a node the batch creates is CREATEd
 * with no lookup, only edges that may exist are looked up, and a short CREATE
 * count reports a missing endpoint. The
 * statements' effect on a real Neo4j is the contract suite's job
 * (tests/integration/neo4j-store.int.test.ts).
 */
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { planBatch } from './batch-plan.js';
import { writeEdges } from './edge-writes.js';
import { recordingTx } from './recording-tx.test-support.js';

const version = neo4j.int(7);

describe('edge writes', () => {
  const plan = planBatch({
    edges: [
      { kind: 'locatedIn', from: 'cam-new', to: 'zone-old' },
      { kind: 'locatedIn', from: 'cam-old', to: 'zone-old' },
      { id: 'custom', kind: 'locatedIn', from: 'cam-new', to: 'zone-old' },
      { kind: 'networkedVia', from: 'cam-old', to: 'gw-old', props: { protocol: 'mqtt' } },
      { kind: 'networkedVia', from: 'cam-new', to: 'gw-old', props: { protocol: 'zigbee' } },
    ],
  });
  const ctx = { batchSize: 1000, version, createdNodes: new Set(['cam-new']), customIds: new Set(['custom']) };

  it('looks up only edges that may exist, updates the found ones and CREATEs the rest in constant statements, props in the pattern when there are no others', async () => {
    const { tx, sent } = recordingTx((query, params) => {
      if (query.includes('collect(r.id)')) return { found: (params.ids as string[]).filter((id) => id === 'cam-old|networkedVia|gw-old') };
      if (query.includes('CREATE')) return { n: (params.rows as unknown[]).length };
      return undefined;
    });
    expect(await writeEdges(tx, plan.edges, ctx)).toBe(true);
    expect(sent.map((s) => [s.query.slice(0, s.query.indexOf('(')), s.query.match(/:`(\w+)`/)?.[1], s.params.ids ?? (s.params.rows as { p: { id: string } }[]).map((r) => r.p.id)])).toEqual([
      ['UNWIND $ids AS id MATCH ', 'LOCATED_IN', ['cam-old|locatedIn|zone-old', 'custom']],
      ['UNWIND $ids AS id MATCH ', 'NETWORKED_VIA', ['cam-old|networkedVia|gw-old']],
      ['UNWIND $rows AS row MATCH ', 'NETWORKED_VIA', ['cam-old|networkedVia|gw-old']],
      ['UNWIND $rows AS row MATCH ', undefined, ['cam-new|locatedIn|zone-old', 'cam-old|locatedIn|zone-old', 'custom']],
      ['UNWIND $rows AS row MATCH ', undefined, ['cam-new|networkedVia|gw-old']],
    ]);
    expect(sent[3]?.query).toBe(
      'UNWIND $rows AS row MATCH (a:CgNode {id: row.from}) MATCH (b:CgNode {id: row.to}) ' +
        'CREATE (a)-[r:$(row.type) {id: row.p.id, kind: row.p.kind, _version: $version}]->(b) RETURN count(*) AS n',
    );
    expect(sent[3]?.params.rows).toEqual([
      { from: 'cam-new', to: 'zone-old', type: 'LOCATED_IN', p: { id: 'cam-new|locatedIn|zone-old', kind: 'locatedIn' } },
      { from: 'cam-old', to: 'zone-old', type: 'LOCATED_IN', p: { id: 'cam-old|locatedIn|zone-old', kind: 'locatedIn' } },
      { from: 'cam-new', to: 'zone-old', type: 'LOCATED_IN', p: { id: 'custom', kind: 'locatedIn' } },
    ]);
    expect(sent[4]?.query).toBe(
      'UNWIND $rows AS row MATCH (a:CgNode {id: row.from}) MATCH (b:CgNode {id: row.to}) ' +
        'CREATE (a)-[r:$(row.type)]->(b) SET r = row.p, r._version = $version RETURN count(*) AS n',
    );
    expect(sent[4]?.params.rows).toEqual([
      { from: 'cam-new', to: 'gw-old', type: 'NETWORKED_VIA', p: { id: 'cam-new|networkedVia|gw-old', kind: 'networkedVia', protocol: 'zigbee' } },
    ]);
  });

  it('reports a CREATE that wrote fewer relationships than sent (a missing endpoint)', async () => {
    const { tx } = recordingTx((query, params) => {
      if (query.includes('collect(r.id)')) return { found: [] };
      return { n: Math.max(0, (params.rows as unknown[]).length - 1) };
    });
    expect(await writeEdges(tx, plan.edges, ctx)).toBe(false);
  });
});
