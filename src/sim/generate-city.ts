import type { WriteBatch } from '../graph/port.js';
import { BatchWriter, type DeviceRecord } from './batch-writer.js';
import { buildBuildings } from './builders/build-buildings.js';
import { buildEnergy } from './builders/build-energy.js';
import { buildFieldDevices } from './builders/build-field-devices.js';
import { buildHealth } from './builders/build-health.js';
import { buildKnowledge, buildZones } from './builders/build-knowledge.js';
import { buildControlCenters } from './builders/build-safety.js';
import { buildTransport } from './builders/build-transport.js';
import { buildWater } from './builders/build-water.js';
import { planCity, type CityLayout, type CityOptions, type ResolvedCityOptions } from './city-layout.js';
import { notableAssets, type NotableAssets } from './notable-assets.js';

/**
 * A generated city: its layout and notable ids up front, its graph as a
 * stream of bounded write batches. Each call of `batches()` replays the same
 * deterministic stream.
 */
export interface City {
  readonly options: ResolvedCityOptions;
  readonly layout: CityLayout;
  readonly notable: NotableAssets;
  /** A fresh stream of the whole graph; endpoints always precede (or share a batch with) their edges. */
  batches(): Iterable<WriteBatch>;
}

/** Builders in dependency order: knowledge and zones, then what later units power, supply or serve. */
const BUILDERS = [
  buildKnowledge,
  buildZones,
  buildEnergy,
  buildControlCenters,
  buildWater,
  buildTransport,
  buildHealth,
  buildBuildings,
  buildFieldDevices,
] as const;

/** The generator behind {@link City.batches}; `onDevice` sees every device as it is written. */
export function* streamCity(layout: CityLayout, onDevice?: (record: DeviceRecord) => void): Generator<WriteBatch> {
  const writer = new BatchWriter(layout, onDevice);
  for (const build of BUILDERS) yield* build(writer);
  yield* writer.flush(true);
}

/**
 * Generates a synthetic smart city of `devices` field devices across the eight
 * domains of the ontology, deterministic by `seed` (README "Model"). Nothing is
 * built until `batches()` is iterated.
 */
export function generateCity(options: CityOptions = {}): City {
  const layout = planCity(options);
  return {
    options: layout.options,
    layout,
    notable: notableAssets(layout),
    batches: () => ({ [Symbol.iterator]: () => streamCity(layout) }),
  };
}
