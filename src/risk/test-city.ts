/**
 * Test support: small simulated cities as projections, built once per size
 * and shared by the risk tests (read-only use).
 */
import type { Projection } from '../graph/projection/index.js';
import { generateCity } from '../sim/index.js';
import { projectionFromBatches } from './projection-from-batches.js';

const cache = new Map<number, Projection>();

export function simulatedCity(devices = 3000): Projection {
  const known = cache.get(devices);
  if (known !== undefined) return known;
  const projection = projectionFromBatches(generateCity({ devices, seed: 1 }).batches());
  cache.set(devices, projection);
  return projection;
}
