/**
 * Level-based control rules of the C-Town network behind BATADAL, from the
 * EPANET model `ctown_map.inp` of DHALSIM (Critical-Infrastructure-Systems-Lab,
 * MIT licence), transcribed in shared/data/batadal/ctown-topology/ctown_controls.csv:
 * the actuator is switched on when the tank level falls below `onBelow` and off
 * when it rises above `offAbove`. Between the two the state is free (hysteresis).
 */
import { CTOWN_CONTROLS, type CtownControl } from '../../sim/index.js';

export interface ControlRule {
  readonly actuator: string;
  readonly tank: string;
  readonly onBelow: number;
  readonly offAbove: number;
}

/** Pairs each actuator's OPEN-below and CLOSED-above controls into one hysteresis rule. */
function pairControls(controls: readonly CtownControl[]): ControlRule[] {
  const rules = new Map<string, { tank: string; onBelow?: number; offAbove?: number }>();
  for (const control of controls) {
    const rule = rules.get(control.actuator) ?? { tank: control.tank };
    if (control.status === 'OPEN' && control.comparison === 'BELOW') rule.onBelow = control.threshold;
    if (control.status === 'CLOSED' && control.comparison === 'ABOVE') rule.offAbove = control.threshold;
    rules.set(control.actuator, rule);
  }
  return [...rules].flatMap(([actuator, rule]) =>
    rule.onBelow === undefined || rule.offAbove === undefined
      ? []
      : [{ actuator, tank: rule.tank, onBelow: rule.onBelow, offAbove: rule.offAbove }],
  );
}

/** The C-Town rules, derived from the one transcription the simulator also uses. */
export const CTOWN_CONTROL_RULES: readonly ControlRule[] = pairControls(CTOWN_CONTROLS);

/**
 * The physical expectation for an actuator given its tank level: 1 (must be on),
 * 0 (must be off) or NaN (either, inside the hysteresis band).
 */
export function expectedActuatorState(rule: ControlRule, level: number): number {
  if (level < rule.onBelow) return 1;
  if (level > rule.offAbove) return 0;
  return Number.NaN;
}
