/**
 * Which statements a batch's node writes send (./node-writes.ts), against a
 * recording transaction: one lookup per chunk, new ids CREATEd per label set,
 * existing ones updated, old labels removed only when the kind changed. The
 * statements' effect on a real Neo4j is the contract suite's job
 * (tests/integration/neo4j-store.int.test.ts).
 */
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { planBatch } from './batch-plan.js';
import { existingNodes, writeNodes } from './node-writes.js';
import { recordingTx } from './recording-tx.test-support.js';

const labelsOf = (kind: string): readonly string[] => ({ Camera: ['Camera', 'Sensor', 'Device'], Zone: ['Zone'] })[kind] ?? [kind];
const version = neo4j.int(7);

describe('node writes', () => {
  it('looks ids up in one statement per chunk and returns the stored kinds', async () => {
    const { tx, sent } = recordingTx((_query, params) => {
      const ids = params.ids as string[];
      return { ids: ids.filter((id) => id.startsWith('old')), kinds: ids.filter((id) => id.startsWith('old')).map(() => 'Zone') };
    });
    const found = await existingNodes(tx, ['old-1', 'new-1', 'old-2'], 2);
    expect([...found]).toEqual([['old-1', 'Zone'], ['old-2', 'Zone']]);
    expect(sent.map((s) => s.params.ids)).toEqual([['old-1', 'new-1'], ['old-2']]);
  });

  it('CREATEs new ids per label set, updates existing ones and relabels only a changed kind', async () => {
    const plan = planBatch({
      nodes: [
        { id: 'cam-1', kind: 'Camera', props: { fps: 25 } },
        { id: 'zone-1', kind: 'Zone' },
        { id: 'cam-2', kind: 'Camera' },
        { id: 'was-zone', kind: 'Camera' },
      ],
    });
    const { tx, sent } = recordingTx(() => undefined);
    await writeNodes(tx, plan.nodes, new Map([['cam-2', 'Camera'], ['was-zone', 'Zone']]), { batchSize: 1000, labelsOf, version });
    expect(sent.map((s) => [s.query, s.params.rows ?? s.params.ids])).toEqual([
      [
        "UNWIND $ids AS id MATCH (n:CgNode {id: id}) REMOVE n:$([l IN labels(n) WHERE l <> 'CgNode'])",
        ['was-zone'],
      ],
      [
        'UNWIND $rows AS p MATCH (n:CgNode {id: p.id}) SET n = p, n._version = $version, n:`CgNode`:`Camera`:`Sensor`:`Device`',
        [{ id: 'cam-2', kind: 'Camera' }, { id: 'was-zone', kind: 'Camera' }],
      ],
      [
        'UNWIND $rows AS p CREATE (n:`CgNode`:`Camera`:`Sensor`:`Device`) SET n = p, n._version = $version',
        [{ id: 'cam-1', kind: 'Camera', fps: 25 }],
      ],
      ['UNWIND $rows AS p CREATE (n:`CgNode`:`Zone`) SET n = p, n._version = $version', [{ id: 'zone-1', kind: 'Zone' }]],
    ]);
    expect(sent.every((s) => s.params.version === version)).toBe(true);
  });
});
