import type { TelemetryEffect } from '../telemetry/telemetry-effects.js';
import { HOUR_MS, MINUTE_MS, attackerPeer, device, iso, securityEvent, trafficServicesOf, type ScenarioContext, type ScenarioPlan } from './scenario-types.js';

/**
 * False data injection on traffic loops: after remote access to a traffic
 * controller (T0886 Remote Services), the loops of its intersections report a
 * jam that is not there — occupancy 92 %, few vehicles (T0856 Spoof Reporting
 * Message, T0832 Manipulation of View) — so signal timing serves a phantom
 * queue. `intersections` default: the first three of corridor 0.
 */
export function trafficFalseData(ctx: ScenarioContext, at: number, intersections: readonly number[] = [0, 1, 2], duration = 3 * HOUR_MS): ScenarioPlan {
  const controller = device(ctx, `tc-${intersections[0] ?? 0}`);
  const loops = intersections.flatMap((i) => [`gm-${i}-1`, `gm-${i}-2`]);
  const end = Math.min(ctx.end, at + 10 * MINUTE_MS + duration);
  const from = at + 10 * MINUTE_MS;
  const effects: TelemetryEffect[] = [
    { type: 'value', deviceIds: loops, quantity: 'occupancy', mode: 'set', amount: 92, from, to: end, label: 'malicious', stage: 'traffic-false-data' },
    { type: 'value', deviceIds: loops, quantity: 'vehicleCount', mode: 'scale', amount: 0.3, from, to: end, label: 'malicious', stage: 'traffic-false-data' },
  ];
  const sites = intersections.map((i) => `int-${i}`);
  return {
    stages: [
      { name: 'traffic-remote-access', description: `Remote session on traffic controller ${controller.id}`, techniques: ['T0886'], start: iso(at), end: iso(at + 1), assets: [controller.id], domains: ['Transportation'] },
      { name: 'traffic-false-data', description: 'Loop sensors report a phantom jam', techniques: ['T0856', 'T0832'], start: iso(from), end: iso(end), assets: loops, domains: ['Transportation'] },
    ],
    effects,
    injected: [securityEvent(controller, 'successfulLogin', at, 'traffic-remote-access', { peer: attackerPeer(ctx.rng) })],
    attackedAssets: [controller.id, ...loops],
    affectedDevices: [],
    impactedServices: trafficServicesOf(sites),
  };
}
