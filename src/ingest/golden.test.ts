/**
 * Golden tests: each fixture under fixtures/sources/<format>/ mapped by its
 * adapter → canonical N-Quads (RDFC-1.0), compared byte for byte with the
 * committed `<fixture>.golden.nq`. Regenerate with CIVGRAPH_UPDATE_GOLDEN=1.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMapping } from './declarative/load-mapping.js';
import { canonicalNQuads } from './rdf/canonical-nquads.js';
import { graphToQuads } from './rdf/graph-to-rdf.js';
import { readInput, type ReadOptions } from './read-input.js';
import { loadBundledContexts } from './sources/ngsi-ld/bundled-contexts.js';
import { collect } from './testing/collect.js';
import { mappingFixture, repoRoot, sourceFixture } from './testing/fixture-paths.js';
import type { IngestFormat } from './types.js';
import { join } from 'node:path';

const CASES: readonly { format: IngestFormat; file: string; mapping?: string }[] = [
  { format: 'ngsi-ld', file: 'device.keyvalues-v2.json' },
  { format: 'ngsi-ld', file: 'device.keyvalues-ld.jsonld' },
  { format: 'ngsi-ld', file: 'device.normalized-v2.json' },
  { format: 'ngsi-ld', file: 'device.normalized-ld.jsonld' },
  { format: 'ngsi-ld', file: 'air-quality-observed.keyvalues-ld.jsonld' },
  { format: 'ngsi-ld', file: 'alert.normalized-ld.jsonld' },
  { format: 'ngsi-ld', file: 'tank.geojsonfeature.json' },
  { format: 'senml', file: 'rfc8428-examples.json' },
  { format: 'csv', file: 'citypulse-aarhus-traffic.csv', mapping: 'aarhus-traffic.json' },
  { format: 'csv', file: 'aot-chicago-nodes.csv', mapping: 'chicago-aot.json' },
  { format: 'stix', file: 'ics-attack-18.1.slice.json' },
  { format: 'stix', file: 'enterprise-attack-18.1.slice.json' },
  { format: 'stix', file: 'indicators-sightings.json' },
  { format: 'cef', file: 'security-events.log' },
  { format: 'scada', file: 'batadal-scada-tags.csv' },
  { format: 'json-mapping', file: 'vendor-gateways.json', mapping: 'vendor-gateways.json' },
  { format: 'rdf', file: 'city-sample.ttl' },
];

async function goldenOf(format: IngestFormat, file: string, mapping: string | undefined): Promise<string> {
  const path = sourceFixture(format, file);
  const options: ReadOptions = {
    contexts: await loadBundledContexts(join(repoRoot(), 'fixtures', 'sources', 'ngsi-ld', 'contexts')),
    now: 1_772_360_000, scadaSystem: 'ctown',
    ...(mapping ? { mapping: await loadMapping(mappingFixture(mapping)), mappingFile: mapping } : {}),
  };
  const text = readFileSync(path, 'utf8');
  const result = await collect(readInput(format, { source: basename(path), text }, options));
  return canonicalNQuads(graphToQuads(result.nodes, result.edges));
}

describe('golden N-Quads per source fixture', () => {
  for (const c of CASES) {
    it(`${c.format}/${c.file}`, async () => {
      const actual = await goldenOf(c.format, c.file, c.mapping);
      const goldenFile = `${sourceFixture(c.format, c.file)}.golden.nq`;
      if (process.env['CIVGRAPH_UPDATE_GOLDEN'] === '1') writeFileSync(goldenFile, actual);
      expect(existsSync(goldenFile), `${goldenFile} missing; run with CIVGRAPH_UPDATE_GOLDEN=1`).toBe(true);
      expect(actual).toBe(readFileSync(goldenFile, 'utf8'));
      expect(actual.length).toBeGreaterThan(0);
    });
  }
});
