import { BLOCK_ZONES, type CityLayout } from './city-layout.js';
import type { SimDomain } from './kinds.js';

/** South-west corner of the synthetic city (open farmland; no real city is implied). */
const ORIGIN_LAT = 52.0;
const ORIGIN_LON = 5.0;
const CELL_M = 200;
const M_PER_DEG_LAT = 111_320;
const M_PER_DEG_LON = M_PER_DEG_LAT * Math.cos((ORIGIN_LAT * Math.PI) / 180);

/** Two-letter codes used in gateway and segment ids. */
export const DOMAIN_CODES: Readonly<Record<SimDomain, string>> = {
  Transportation: 'tr',
  Energy: 'en',
  Water: 'wa',
  Environment: 'ev',
  PublicSafety: 'ps',
  Health: 'he',
  Communications: 'co',
  Buildings: 'bu',
};

/** Domains whose gateways sit on the operational-technology segment. */
const OT_DOMAINS: ReadonlySet<SimDomain> = new Set(['Transportation', 'Energy', 'Water']);

/** The gateway deliberately shared by traffic and water SCADA (see README "Communications"). */
export const SHARED_GATEWAY_ID = 'gw-shared';

/** 32-bit integer hash of (seed, salt, index): placement without sequential state. */
export function hash3(seed: number, salt: number, index: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (index + 0x165667b1), 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/**
 * The 200 m × 200 m zone grid and the lookups every builder shares: which zone
 * a unit sits in, its block, its feeder, its gateway. All pure functions of the
 * layout and seed, so any builder can name any other builder's asset.
 */
export class CityGrid {
  readonly layout: CityLayout;
  private readonly seed: number;
  private readonly zoneIds: readonly string[];
  private readonly feederIds: readonly string[];
  private readonly shared: number;

  constructor(layout: CityLayout) {
    this.layout = layout;
    this.seed = layout.options.seed;
    const side = layout.gridSide;
    this.zoneIds = Array.from({ length: layout.zoneCount }, (_, z) => `zone-${Math.floor(z / side)}-${z % side}`);
    const perSub = layout.feeders / layout.substations;
    this.feederIds = Array.from({ length: layout.feeders }, (_, f) => `feeder-${Math.floor(f / perSub)}-${f % perSub}`);
    this.shared = this.block(this.districtZone(0));
  }

  zoneId(zone: number): string {
    return this.zoneIds[zone] ?? `zone-${Math.floor(zone / this.layout.gridSide)}-${zone % this.layout.gridSide}`;
  }

  /** Centre of the zone, optionally jittered inside it by `jitter` in [0,1) pairs. */
  latLon(zone: number, jx = 0.5, jy = 0.5): { lat: number; lon: number } {
    const side = this.layout.gridSide;
    const row = Math.floor(zone / side);
    const col = zone % side;
    const lat = ORIGIN_LAT + ((row + jy) * CELL_M) / M_PER_DEG_LAT;
    const lon = ORIGIN_LON + ((col + jx) * CELL_M) / M_PER_DEG_LON;
    return { lat: Math.round(lat * 1e6) / 1e6, lon: Math.round(lon * 1e6) / 1e6 };
  }

  /** A zone for the index-th unit of a family (salt), uniform over the grid. */
  place(salt: number, index: number): number {
    return hash3(this.seed, salt, index) % this.layout.zoneCount;
  }

  /** The zone at (row, col) offsets from another, clamped to the grid. */
  offset(zone: number, dRow: number, dCol: number): number {
    const side = this.layout.gridSide;
    const row = Math.min(side - 1, Math.max(0, Math.floor(zone / side) + dRow));
    const col = Math.min(side - 1, Math.max(0, (zone % side) + dCol));
    return row * side + col;
  }

  block(zone: number): number {
    const side = this.layout.gridSide;
    const row = Math.floor(Math.floor(zone / side) / BLOCK_ZONES);
    const col = Math.floor((zone % side) / BLOCK_ZONES);
    return row * this.layout.blocksPerSide + col;
  }

  /** The zone at the centre of a block (where its gateways stand). */
  blockCentre(block: number): number {
    const side = this.layout.gridSide;
    const row = Math.min(side - 1, Math.floor(block / this.layout.blocksPerSide) * BLOCK_ZONES + 2);
    const col = Math.min(side - 1, (block % this.layout.blocksPerSide) * BLOCK_ZONES + 2);
    return row * side + col;
  }

  /** Feeders serve contiguous row-major runs of zones. */
  feederIndex(zone: number): number {
    return Math.floor((zone * this.layout.feeders) / this.layout.zoneCount);
  }

  feederId(feeder: number): string {
    const id = this.feederIds[feeder];
    if (id === undefined) throw new RangeError(`no feeder ${feeder}`);
    return id;
  }

  feederFor(zone: number): string {
    return this.feederId(this.feederIndex(zone));
  }

  /** The zone of water district 0's home: its block holds the shared gateway. */
  sharedBlock(): number {
    return this.shared;
  }

  districtZone(district: number): number {
    return this.place(101, district);
  }

  gatewayId(domain: SimDomain, block: number): string {
    if (block === this.shared && (domain === 'Transportation' || domain === 'Water')) return SHARED_GATEWAY_ID;
    return `gw-${DOMAIN_CODES[domain]}-${block}`;
  }

  segmentId(domain: SimDomain, block: number): string {
    return `seg-${block}-${OT_DOMAINS.has(domain) ? 'ot' : 'it'}`;
  }
}
