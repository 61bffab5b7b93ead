/**
 * Level-based control rules of the C-Town network behind BATADAL, from the
 * EPANET model `ctown_map.inp` of DHALSIM (Critical-Infrastructure-Systems-Lab,
 * MIT licence), transcribed in shared/data/batadal/ctown-topology/ctown_controls.csv:
 * the actuator is switched on when the tank level falls below `onBelow` and off
 * when it rises above `offAbove`. Between the two the state is free (hysteresis).
 */
export interface ControlRule {
  readonly actuator: string;
  readonly tank: string;
  readonly onBelow: number;
  readonly offAbove: number;
}

export const CTOWN_CONTROL_RULES: readonly ControlRule[] = [
  { actuator: 'PU1', tank: 'T1', onBelow: 4, offAbove: 6.3 },
  { actuator: 'PU2', tank: 'T1', onBelow: 1, offAbove: 4.5 },
  { actuator: 'V2', tank: 'T2', onBelow: 0.5, offAbove: 5.5 },
  { actuator: 'PU4', tank: 'T3', onBelow: 3, offAbove: 5.3 },
  { actuator: 'PU5', tank: 'T3', onBelow: 1, offAbove: 3.5 },
  { actuator: 'PU6', tank: 'T4', onBelow: 2, offAbove: 3.5 },
  { actuator: 'PU7', tank: 'T4', onBelow: 3, offAbove: 4.5 },
  { actuator: 'PU8', tank: 'T5', onBelow: 1.5, offAbove: 4.5 },
  { actuator: 'PU10', tank: 'T7', onBelow: 2.5, offAbove: 4.8 },
  { actuator: 'PU11', tank: 'T7', onBelow: 1, offAbove: 3 },
];

/**
 * The physical expectation for an actuator given its tank level: 1 (must be on),
 * 0 (must be off) or NaN (either, inside the hysteresis band).
 */
export function expectedActuatorState(rule: ControlRule, level: number): number {
  if (level < rule.onBelow) return 1;
  if (level > rule.offAbove) return 0;
  return Number.NaN;
}
