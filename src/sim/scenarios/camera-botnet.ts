import type { LabelledEvent } from '../telemetry/sim-events.js';
import type { TelemetryEffect } from '../telemetry/telemetry-effects.js';
import { HOUR_MS, MINUTE_MS, attackerPeer, iso, sample, securityEvent, trafficServicesOf, type ScenarioContext, type ScenarioPlan } from './scenario-types.js';

/**
 * Mirai-style botnet: an internet scan finds cameras left with factory
 * credentials (T0883 Internet Accessible Device, T0812 Default Credentials:
 * failed-login bursts then a success), the bot calls its C2 (T0869 Standard
 * Application Layer Protocol: new outbound peers) and floods (outbound traffic
 * ×8; Enterprise T1498), blinding the cameras (T0815 Denial of View).
 */
export function cameraBotnet(ctx: ScenarioContext, at: number, size = 12): ScenarioPlan {
  const weak = ctx.index.devices.filter((d) => d.kind === 'Camera' && d.defaultCredentials === true);
  const atIntersections = weak.filter((d) => d.site !== undefined);
  const picked = [...sample(ctx.rng, atIntersections, 3), ...sample(ctx.rng, weak.filter((d) => d.site === undefined), size - 3)];
  const scanner = attackerPeer(ctx.rng);
  const c2 = `198.51.100.${ctx.rng.int(2, 254)}`;
  const injected: LabelledEvent[] = [];
  const t2 = at + HOUR_MS;
  const t3 = at + 2 * HOUR_MS;
  picked.forEach((camera, i) => {
    const t = at + i * 2 * MINUTE_MS;
    injected.push(securityEvent(camera, 'failedLogin', t, 'initial-access', { count: ctx.rng.int(20, 60), peer: scanner }));
    injected.push(securityEvent(camera, 'successfulLogin', t + MINUTE_MS, 'initial-access', { peer: scanner }));
    injected.push(securityEvent(camera, 'newPeer', t2 + i * MINUTE_MS, 'command-and-control', { peer: c2 }));
  });
  const ids = picked.map((c) => c.id);
  const end = Math.min(ctx.end, t3 + 4 * HOUR_MS);
  const effects: TelemetryEffect[] = [
    { type: 'value', deviceIds: ids, quantity: 'outboundTraffic', mode: 'scale', amount: 8, from: t3, to: end, label: 'malicious', stage: 'impact' },
  ];
  const lastAccess = at + (picked.length - 1) * 2 * MINUTE_MS + MINUTE_MS;
  return {
    stages: [
      { name: 'initial-access', description: 'Credential scan and login with factory defaults', techniques: ['T0883', 'T0812'], start: iso(at), end: iso(lastAccess + 1), assets: ids, domains: domainsOf(picked) },
      { name: 'command-and-control', description: 'Bots contact the C2 server', techniques: ['T0869'], start: iso(t2), end: iso(t2 + picked.length * MINUTE_MS), assets: ids, domains: domainsOf(picked) },
      { name: 'impact', description: 'Flood from the cameras; video unusable', techniques: ['T0815', 'T1498'], start: iso(t3), end: iso(end), assets: ids, domains: domainsOf(picked) },
    ],
    effects,
    injected,
    attackedAssets: ids,
    affectedDevices: [],
    impactedServices: trafficServicesOf(picked.map((c) => c.site ?? '')),
  };
}

function domainsOf(devices: readonly { readonly domain: ScenarioPlan['stages'][number]['domains'][number] }[]): ScenarioPlan['stages'][number]['domains'] {
  return [...new Set(devices.map((d) => d.domain))].sort();
}
