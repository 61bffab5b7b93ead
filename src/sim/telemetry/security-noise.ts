import { hash3 } from '../city-grid.js';
import type { DeviceRecord } from '../batch-writer.js';
import type { SimDeviceKind } from '../kinds.js';
import type { SecurityAction, SecurityEvent } from './sim-events.js';

/** Kinds wired to a controller have no network stack of their own, so no security counters. */
const SILENT: ReadonlySet<SimDeviceKind> = new Set(['Pump', 'Valve', 'TrafficSignal', 'Breaker']);

/** Per-step probability of each benign background event (per device). */
const RATES: readonly { readonly action: SecurityAction; readonly p: number; readonly salt: number }[] = [
  { action: 'failedLogin', p: 0.002, salt: 11 },
  { action: 'newPeer', p: 0.001, salt: 12 },
  { action: 'firmwareChange', p: 0.00005, salt: 13 },
];

/** Benign peers live in the city's management range. */
function benignPeer(key: number, step: number): string {
  const h = hash3(key, 99, step);
  return `10.20.${(h >>> 8) & 255}.${h & 255}`;
}

/**
 * Background security counters of one device for one step: rare failed
 * logins (a mistyped password), new peers (a maintenance laptop), firmware
 * changes (a scheduled update). Detectors must not fire on these alone.
 */
export function securityNoise(device: DeviceRecord, key: number, seed: number, step: number, iso: string): SecurityEvent[] {
  if (SILENT.has(device.kind)) return [];
  const events: SecurityEvent[] = [];
  for (const rate of RATES) {
    const u = hash3(seed ^ key, rate.salt, step) / 4294967296;
    if (u >= rate.p) continue;
    events.push({
      type: 'security',
      id: `sec-${device.id}-${rate.action}-${step}`,
      time: iso,
      deviceId: device.id,
      kind: device.kind,
      domain: device.domain,
      action: rate.action,
      count: rate.action === 'failedLogin' ? 1 + (Math.floor(u * 1e6) % 2) : 1,
      ...(rate.action === 'newPeer' ? { peer: benignPeer(key, step) } : {}),
    });
  }
  return events;
}
