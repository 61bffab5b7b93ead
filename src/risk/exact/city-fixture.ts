/**
 * Test support: loads a hand-made city of fixtures/cities/<name>/ (city.json,
 * expected.json, README.md with its diagram) into a projection.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Props } from '../../graph/port.js';
import { createProjectionBuilder, type Projection } from '../../graph/projection/index.js';
import type { Evidence } from '../propagation/priors.js';

export interface CityFixture {
  readonly description: string;
  readonly nodes: readonly { readonly id: string; readonly kind: string; readonly props?: Props }[];
  readonly edges: readonly { readonly kind: string; readonly from: string; readonly to: string; readonly props?: Props }[];
  readonly evidence: readonly Evidence[];
  /** γ for the exposure prior (fixtures use 0 or a small value). */
  readonly exposure: number;
}

/** Channel triples [compromise, availability, visibility] per node id. */
export type ChannelTriples = Readonly<Record<string, readonly [number, number, number]>>;

export interface ExpectedResults {
  /** `exact`: propagation equals enumeration; `upperBound`: propagation ≥ enumeration; `measured`: neither, error recorded. */
  readonly relation: 'exact' | 'upperBound' | 'measured';
  readonly variables: number;
  readonly exact: ChannelTriples;
  readonly propagated: ChannelTriples;
  /** Largest |propagated − exact| over nodes and channels. */
  readonly maxError: number;
}

export const CITIES_DIR = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'cities');
export const CITY_NAMES = ['tree-water-power', 'polytree-control', 'k-of-n-hospital', 'diamond-shared-feeder', 'cycle-shared-gateway'] as const;

export function readCityFixture(name: string): { city: CityFixture; projection: Projection } {
  const city = JSON.parse(readFileSync(join(CITIES_DIR, name, 'city.json'), 'utf8')) as CityFixture;
  const builder = createProjectionBuilder();
  for (const node of city.nodes) builder.addNode(node);
  for (const edge of city.edges) builder.addEdge(edge);
  return { city, projection: builder.finish({ version: 1 }) };
}

export function readExpected(name: string): ExpectedResults {
  return JSON.parse(readFileSync(join(CITIES_DIR, name, 'expected.json'), 'utf8')) as ExpectedResults;
}
