import type { DeviceRecord } from './batch-writer.js';
import type { City } from './generate-city.js';
import { streamCity } from './generate-city.js';
import type { NotableAssets } from './notable-assets.js';
import type { CityLayout, ResolvedCityOptions } from './city-layout.js';

export interface CityCounts {
  readonly nodes: number;
  readonly edges: number;
  readonly devices: number;
  readonly batches: number;
  /** Largest batch (nodes + edges) seen. */
  readonly maxBatch: number;
  readonly byNodeKind: Readonly<Record<string, number>>;
  readonly byEdgeKind: Readonly<Record<string, number>>;
  /** Nodes per `domain` property (services and assets; zones and knowledge have none). */
  readonly nodesByDomain: Readonly<Record<string, number>>;
  readonly devicesByDomain: Readonly<Record<string, number>>;
}

/** A compact summary of a city: counts, notable ids and (optionally) its devices. */
export interface CityIndex {
  readonly options: ResolvedCityOptions;
  readonly layout: CityLayout;
  readonly notable: NotableAssets;
  readonly counts: CityCounts;
  /** Every device in emission order; empty when indexed with `devices: false`. */
  readonly devices: readonly DeviceRecord[];
}

export interface IndexCityOptions {
  /** Keep the device records (telemetry and scenarios need them). Default true. */
  readonly devices?: boolean;
}

function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

function sorted(map: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Streams the city once and tallies it. Cost: one generation pass. */
export function indexCity(city: City, options: IndexCityOptions = {}): CityIndex {
  const keep = options.devices ?? true;
  const devices: DeviceRecord[] = [];
  const devicesByDomain: Record<string, number> = {};
  const byNodeKind: Record<string, number> = {};
  const byEdgeKind: Record<string, number> = {};
  const nodesByDomain: Record<string, number> = {};
  let nodes = 0;
  let edges = 0;
  let batches = 0;
  let maxBatch = 0;
  const onDevice = (record: DeviceRecord): void => {
    bump(devicesByDomain, record.domain);
    if (keep) devices.push(record);
  };
  for (const batch of streamCity(city.layout, onDevice)) {
    batches++;
    const n = batch.nodes ?? [];
    const e = batch.edges ?? [];
    maxBatch = Math.max(maxBatch, n.length + e.length);
    nodes += n.length;
    edges += e.length;
    for (const node of n) {
      bump(byNodeKind, node.kind);
      const domain = node.props?.domain;
      if (typeof domain === 'string') bump(nodesByDomain, domain);
    }
    for (const edge of e) bump(byEdgeKind, edge.kind);
  }
  const deviceCount = Object.values(devicesByDomain).reduce((a, b) => a + b, 0);
  return {
    options: city.options,
    layout: city.layout,
    notable: city.notable,
    counts: {
      nodes,
      edges,
      devices: deviceCount,
      batches,
      maxBatch,
      byNodeKind: sorted(byNodeKind),
      byEdgeKind: sorted(byEdgeKind),
      nodesByDomain: sorted(nodesByDomain),
      devicesByDomain: sorted(devicesByDomain),
    },
    devices,
  };
}
