import { CityGrid } from '../city-grid.js';
import { hospitalTank } from '../builders/build-health.js';
import type { TelemetryEffect } from '../telemetry/telemetry-effects.js';
import { HOUR_MS, MINUTE_MS, attackerPeer, device, iso, securityEvent, type ScenarioContext, type ScenarioPlan } from './scenario-types.js';

/** Hospital services whose hospital is `suppliedBy` the tank. */
export function hospitalServicesOfTank(ctx: ScenarioContext, tank: string): string[] {
  const grid = new CityGrid(ctx.index.layout);
  const services: string[] = [];
  for (let h = 0; h < ctx.index.layout.hospitals; h++) if (hospitalTank(grid, h) === tank) services.push(`svc-hospital-${h}`);
  return services;
}

/**
 * PLC manipulation at C-Town pumping station S2 of district 0: remote session
 * on PLC3 (T0886 Remote Services), a changed set-point (T0836 Modify
 * Parameter), then unauthorised writes holding PU4 and PU5 off against the rule
 * "PU4 OPEN IF T3 BELOW 3" (T0855 Unauthorized Command Message, T0831
 * Manipulation of Control). Tank T3 drains while its pumps stay off.
 */
export function plcManipulation(ctx: ScenarioContext, at: number, duration = 8 * HOUR_MS): ScenarioPlan {
  const plc = device(ctx, 'w0-PLC3');
  const peer = attackerPeer(ctx.rng);
  const from = at + 15 * MINUTE_MS;
  const end = Math.min(ctx.end, from + duration);
  const effects: TelemetryEffect[] = ['PU4', 'PU5'].map((pump) => ({ type: 'force', site: 'w0', element: pump, state: false, from, to: end, stage: 'plc-manipulation' }));
  const disturbed = ['w0-PU4', 'w0-PU5', 'w0-F_PU4', 'w0-F_PU5', 'w0-L_T3', 'w0-P_J300', 'w0-P_J256'];
  return {
    stages: [
      { name: 'plc-remote-access', description: 'Remote engineering session on PLC3', techniques: ['T0886'], start: iso(at), end: iso(at), assets: [plc.id], domains: ['Water'] },
      { name: 'plc-modify-parameter', description: 'T3 low-level set-point changed on PLC3', techniques: ['T0836'], start: iso(at + 5 * MINUTE_MS), end: iso(at + 5 * MINUTE_MS), assets: [plc.id], domains: ['Water'] },
      { name: 'plc-manipulation', description: 'PU4 and PU5 forced off against the control rule; T3 drains', techniques: ['T0855', 'T0831'], start: iso(from), end: iso(end), assets: [plc.id, 'w0-PU4', 'w0-PU5', 'w0-T3'], domains: ['Water'] },
    ],
    effects,
    injected: [
      securityEvent(plc, 'successfulLogin', at, 'plc-remote-access', { peer }),
      securityEvent(plc, 'configChange', at + 5 * MINUTE_MS, 'plc-modify-parameter', { peer }),
      securityEvent(plc, 'commandWrite', from, 'plc-manipulation', { count: 2, peer }),
    ],
    attackedAssets: [plc.id, 'w0-PU4', 'w0-PU5'],
    affectedDevices: disturbed,
    impactedServices: ['svc-water-0', ...hospitalServicesOfTank(ctx, 'w0-T3')].sort(),
  };
}
