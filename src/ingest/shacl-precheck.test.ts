import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NodeInput } from '../graph/port.js';
import { loadShapes, validateShapes } from '../ontology/index.js';
import { idToIri, nodeToQuads } from './rdf/graph-to-rdf.js';
import { readInput } from './read-input.js';
import { shaclCheck } from './shacl-check.js';
import { compileShaclPrecheck } from './shacl-precheck.js';
import { loadBundledContexts } from './sources/ngsi-ld/bundled-contexts.js';
import { collect } from './testing/collect.js';
import { repoRoot, sourceFixture } from './testing/fixture-paths.js';

let shapes: Store;
beforeAll(async () => {
  shapes = await loadShapes({ dir: join(repoRoot(), 'ontology') });
});

const observation = (id: string, props: Record<string, string | number | readonly string[]>): NodeInput => ({ id, kind: 'Observation', props: { domain: 'Environment', name: id, observedAt: '2026-01-01T00:00:00Z', ...props } });
const camera = (id: string, props: Record<string, string | number | readonly string[]>): NodeInput => ({ id, kind: 'Camera', props: { domain: 'PublicSafety', name: id, lat: 56.1, lon: 10.2, ...props } });

/** One valid node and one breaking each constraint kind the pre-check compiles. */
const SYNTHETIC: readonly NodeInput[] = [
  observation('ok-observation', {}),
  camera('ok-camera', { mac: '00:24:be:80:4f:f1', serial: 'S-1' }),
  { id: 'no-time', kind: 'Observation', props: { name: 'no-time' } },
  observation('bad-time', { observedAt: 'yesterday' }),
  camera('lat-91', { lat: 91.28 }),
  camera('lon-200', { lon: -200 }),
  camera('mars', { domain: 'Mars' }),
  camera('empty-name', { name: '' }),
  camera('two-names', { name: ['a', 'b'] }),
  camera('same-name-twice', { name: ['a', 'a'] }),
  camera('bad-mac', { mac: 'zz' }),
];

/** Nodes of every golden fixture, so the check meets real mappings too. */
async function fixtureNodes(): Promise<NodeInput[]> {
  const contexts = await loadBundledContexts(join(repoRoot(), 'fixtures', 'sources', 'ngsi-ld', 'contexts'));
  const out: NodeInput[] = [];
  const cases: readonly [format: 'ngsi-ld' | 'senml' | 'cef' | 'stix' | 'scada', dir: string][] = [['ngsi-ld', 'ngsi-ld'], ['senml', 'senml'], ['cef', 'cef'], ['stix', 'stix'], ['scada', 'scada']];
  for (const [format, dir] of cases) {
    for (const file of readdirSync(join(repoRoot(), 'fixtures', 'sources', dir)).filter((f) => /\.(json|jsonld|log|csv)$/.test(f) && !f.includes('golden'))) {
      const text = readFileSync(sourceFixture(format, file), 'utf8');
      const result = await collect(readInput(format, { source: file, text }, { contexts, now: 1_772_360_000, scadaSystem: 'ctown' }));
      out.push(...result.nodes);
    }
  }
  return out;
}

async function fullValidatorConforms(node: NodeInput): Promise<boolean> {
  return (await validateShapes({ data: nodeToQuads(node), shapes })).violations.length === 0;
}

describe('compileShaclPrecheck', () => {
  it('vouches only for nodes the full validator passes, and for every valid synthetic node', async () => {
    const precheck = compileShaclPrecheck(shapes);
    const verdicts = await Promise.all(SYNTHETIC.map(async (n) => [n.id, precheck.conforms(idToIri(n.id), nodeToQuads(n)), await fullValidatorConforms(n)] as const));
    expect(verdicts.filter(([, pre]) => pre).map(([id]) => id)).toEqual(['ok-observation', 'ok-camera', 'same-name-twice']);
    expect(verdicts.filter(([, , full]) => full).map(([id]) => id)).toEqual(['ok-observation', 'ok-camera', 'same-name-twice']);
  });

  it('is sound on every node of the golden fixtures (pre-check pass ⇒ no SHACL result)', async () => {
    const precheck = compileShaclPrecheck(shapes);
    const nodes = await fixtureNodes();
    const unsound: string[] = [];
    let vouched = 0;
    for (const node of nodes) {
      if (!precheck.conforms(idToIri(node.id), nodeToQuads(node))) continue;
      vouched += 1;
      if (!(await fullValidatorConforms(node))) unsound.push(node.id);
    }
    expect(unsound).toEqual([]);
    expect(nodes.length).toBeGreaterThan(100);
    expect(vouched).toBeGreaterThan(nodes.length / 2);
  });
});

describe('shaclCheck', () => {
  it('reports exactly what the full validator reports, with and without the pre-check', async () => {
    const duplicate = camera('ok-camera', { name: 'second name' });
    const batch = [...SYNTHETIC, duplicate];
    const where = (id: string) => ({ source: 'batch', record: batch.findIndex((n) => n.id === id) });
    const fast = await shaclCheck(batch, shapes, where);
    const full = await shaclCheck(batch, shapes, where, { precheck: false });
    expect([...fast]).toEqual([...full]);
    expect([...fast.keys()]).toEqual(['bad-mac', 'bad-time', 'empty-name', 'lat-91', 'lon-200', 'mars', 'no-time', 'ok-camera', 'two-names']);
  });
});
