import { plcManipulation } from './plc-manipulation.js';
import { substationTrip } from './substation-trip.js';
import { trafficFalseData } from './traffic-false-data.js';
import { MINUTE_MS, attackerPeer, device, iso, mergePlans, securityEvent, type ScenarioContext, type ScenarioPlan } from './scenario-types.js';

/** Intersections whose controller sits behind the given gateway (at most `limit`). */
function intersectionsBehind(ctx: ScenarioContext, gateway: string, limit: number): number[] {
  return ctx.index.devices
    .filter((d) => d.kind === 'Rtu' && d.gateway === gateway && d.site?.startsWith('int-') === true)
    .map((d) => Number((d.site ?? 'int-0').slice(4)))
    .slice(0, limit);
}

/**
 * One coordinated campaign across domains. The attacker exploits the gateway
 * shared by traffic and water SCADA (T0866), maps what is behind it (T0846
 * Remote System Discovery) and copies the SCADA configuration (T0882 Theft of
 * Operational Information); 40 minutes later, within ten minutes of each
 * other: PLC manipulation in water, false loop data in traffic, and a breaker
 * trip in energy.
 */
export function coordinated(ctx: ScenarioContext, at: number): ScenarioPlan {
  const gateway = device(ctx, ctx.index.notable.sharedGateway);
  const peer = attackerPeer(ctx.rng);
  const compromise: ScenarioPlan = {
    stages: [
      { name: 'gateway-compromise', description: 'Shared gateway exploited; hosts behind it scanned', techniques: ['T0866', 'T0846'], start: iso(at), end: iso(at + 10 * MINUTE_MS), assets: [gateway.id], domains: ['Communications'] },
      { name: 'gateway-collection', description: 'SCADA configuration copied out', techniques: ['T0882'], start: iso(at + 20 * MINUTE_MS), end: iso(at + 20 * MINUTE_MS), assets: [gateway.id], domains: ['Communications'] },
    ],
    effects: [],
    injected: [
      securityEvent(gateway, 'successfulLogin', at, 'gateway-compromise', { peer }),
      securityEvent(gateway, 'newPeer', at + 10 * MINUTE_MS, 'gateway-compromise', { count: 40, peer: '10.30.0.0/24' }),
      securityEvent(gateway, 'newPeer', at + 20 * MINUTE_MS, 'gateway-collection', { peer }),
    ],
    attackedAssets: [gateway.id],
    affectedDevices: [],
    impactedServices: [],
  };
  const strike = at + 40 * MINUTE_MS;
  return mergePlans([
    compromise,
    plcManipulation(ctx, strike),
    trafficFalseData(ctx, strike + 5 * MINUTE_MS, intersectionsBehind(ctx, gateway.id, 3)),
    substationTrip(ctx, strike + 10 * MINUTE_MS),
  ]);
}
