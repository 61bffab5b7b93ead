import { CityGrid } from '../city-grid.js';
import { FEEDERS_PER_SUBSTATION } from '../city-layout.js';
import { hospitalFeeders } from '../builders/build-health.js';
import type { TelemetryEffect } from '../telemetry/telemetry-effects.js';
import { HOUR_MS, attackerPeer, device, iso, securityEvent, servicesOfDevices, type ScenarioContext, type ScenarioPlan } from './scenario-types.js';

/**
 * Breaker trip at the substation feeding hospital 0: unauthorised open
 * commands through the substation RTU (T0855 Unauthorized Command Message,
 * T0831 Manipulation of Control, as in Industroyer) open all its breakers.
 * Everything on its feeders goes dark (traffic controllers and signals,
 * cameras, meters, gateways and the devices behind them); hospitals on those feeders run on generator (grid power 0)
 * until their transfer to the second feeder of their k-of-n group after an hour.
 */
export function substationTrip(ctx: ScenarioContext, at: number, duration = 2 * HOUR_MS): ScenarioPlan {
  const grid = new CityGrid(ctx.index.layout);
  const [ownFeeder] = hospitalFeeders(grid, 0);
  const s = Number(/^feeder-(\d+)-/.exec(ownFeeder)?.[1] ?? 0);
  const rtu = device(ctx, `rtu-sub-${s}`);
  const feeders = new Set(Array.from({ length: FEEDERS_PER_SUBSTATION }, (_, k) => `feeder-${s}-${k}`));
  const breakers = [...feeders].map((_, k) => `brk-${s}-${k}`);
  const end = Math.min(ctx.end, at + duration);
  const unpowered = new Set(ctx.index.devices.filter((d) => d.feeder !== undefined && feeders.has(d.feeder)).map((d) => d.id));
  // Devices behind a gateway that lost power lose their link too.
  const darkRecords = ctx.index.devices.filter((d) => unpowered.has(d.id) || (d.gateway !== undefined && unpowered.has(d.gateway)));
  const dark = darkRecords.map((d) => d.id);
  const hospitals = Array.from({ length: ctx.index.layout.hospitals }, (_, h) => h).filter((h) => feeders.has(hospitalFeeders(grid, h)[0]));
  const meters = hospitals.map((h) => `hosp-${h}-meter`);
  const effects: TelemetryEffect[] = [
    { type: 'value', deviceIds: breakers, quantity: 'status', mode: 'set', amount: 0, from: at, to: end, label: 'malicious', stage: 'breaker-trip' },
    { type: 'silence', deviceIds: dark, from: at, to: end, stage: 'breaker-trip' },
    { type: 'value', deviceIds: meters, quantity: 'activePower', mode: 'set', amount: 0, from: at, to: Math.min(end, at + HOUR_MS), label: 'consequence', stage: 'breaker-trip' },
  ];
  return {
    stages: [
      { name: 'rtu-command', description: `Open commands sent to ${rtu.id}`, techniques: ['T0855'], start: iso(at), end: iso(at), assets: [rtu.id], domains: ['Energy'] },
      { name: 'breaker-trip', description: `Breakers of substation ${s} open; feeders dark, hospitals on generator`, techniques: ['T0831'], start: iso(at), end: iso(end), assets: breakers, domains: ['Energy', 'Transportation', 'Health'] },
    ],
    effects,
    injected: [securityEvent(rtu, 'commandWrite', at, 'rtu-command', { count: breakers.length, peer: attackerPeer(ctx.rng) })],
    attackedAssets: [rtu.id, ...breakers],
    affectedDevices: [...dark, ...meters],
    impactedServices: [...new Set([`svc-power-${s}`, ...servicesOfDevices(darkRecords), ...hospitals.map((h) => `svc-hospital-${h}`)])].sort(),
  };
}
