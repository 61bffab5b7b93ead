import type { TelemetryEffect } from '../telemetry/telemetry-effects.js';
import { HOUR_MS, MINUTE_MS, attackerPeer, device, iso, securityEvent, servicesOfDevices, type ScenarioContext, type ScenarioPlan } from './scenario-types.js';

/**
 * Ransomware on the gateway shared by traffic and water SCADA: exploitation of
 * its management service (T0866 Exploitation of Remote Services), tool
 * transfer (T0867 Lateral Tool Transfer), then services stopped and files
 * encrypted (T0881 Service Stop; Enterprise T1486). Every device behind it
 * falls silent (T0815 Denial of View, T0826 Loss of Availability).
 */
export function gatewayRansomware(ctx: ScenarioContext, at: number, duration = 6 * HOUR_MS): ScenarioPlan {
  const gateway = device(ctx, ctx.index.notable.sharedGateway);
  const peer = attackerPeer(ctx.rng);
  const encrypt = at + 20 * MINUTE_MS;
  const end = Math.min(ctx.end, encrypt + duration);
  const behindRecords = ctx.index.devices.filter((d) => d.gateway === gateway.id);
  const behind = behindRecords.map((d) => d.id);
  const effects: TelemetryEffect[] = [{ type: 'silence', deviceIds: [gateway.id, ...behind], from: encrypt + MINUTE_MS, to: end, stage: 'gateway-encryption' }];
  return {
    stages: [
      { name: 'gateway-access', description: 'Management service of the shared gateway exploited; tools transferred', techniques: ['T0866', 'T0867'], start: iso(at), end: iso(at + 5 * MINUTE_MS), assets: [gateway.id], domains: ['Communications'] },
      { name: 'gateway-encryption', description: 'Services stopped, files encrypted; traffic and water devices behind it go silent', techniques: ['T0881', 'T1486', 'T0815', 'T0826'], start: iso(encrypt), end: iso(end), assets: [gateway.id], domains: ['Communications', 'Transportation', 'Water'] },
    ],
    effects,
    injected: [
      securityEvent(gateway, 'successfulLogin', at, 'gateway-access', { peer }),
      securityEvent(gateway, 'firmwareChange', at + 5 * MINUTE_MS, 'gateway-access', { peer }),
      securityEvent(gateway, 'serviceStop', encrypt, 'gateway-encryption', { count: 4 }),
      securityEvent(gateway, 'fileEncryption', encrypt, 'gateway-encryption', { count: 1200 }),
    ],
    attackedAssets: [gateway.id],
    affectedDevices: behind,
    impactedServices: servicesOfDevices(behindRecords),
  };
}
