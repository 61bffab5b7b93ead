import type { EventLabel } from './sim-events.js';

/**
 * A change a scenario makes to what devices report, over [from, to) in epoch ms.
 * Declarative, so a scenario's ground truth can list it.
 * - `value`: the reported value of `quantity` (all quantities when absent) is
 *   set to, scaled by, offset by, or ramped by `amount` per hour since `from`.
 * - `force`: a water actuator (site `w<d>`, element `PU4`) is held on or off
 *   regardless of its control rule; the tank it fills follows physically.
 * - `silence`: devices stop reporting (power loss, encrypted gateway).
 */
export type TelemetryEffect =
  | {
      readonly type: 'value';
      readonly deviceIds: readonly string[];
      readonly quantity?: string;
      readonly mode: 'set' | 'scale' | 'offset' | 'ramp';
      readonly amount: number;
      readonly from: number;
      readonly to: number;
      readonly label: EventLabel;
      readonly stage: string;
    }
  | {
      readonly type: 'force';
      readonly site: string;
      readonly element: string;
      readonly state: boolean;
      readonly from: number;
      readonly to: number;
      readonly stage: string;
    }
  | {
      readonly type: 'silence';
      readonly deviceIds: readonly string[];
      readonly from: number;
      readonly to: number;
      readonly stage: string;
    };

type ValueEffect = Extract<TelemetryEffect, { type: 'value' }>;

const APPLY: Readonly<Record<ValueEffect['mode'], (value: number, effect: ValueEffect, time: number) => number>> = {
  set: (_value, effect) => effect.amount,
  scale: (value, effect) => value * effect.amount,
  offset: (value, effect) => value + effect.amount,
  ramp: (value, effect, time) => value + (effect.amount * (time - effect.from)) / 3_600_000,
};

/** Applies a value effect to one reading. */
export function applyValueEffect(value: number, effect: ValueEffect, time: number): number {
  return Math.round(APPLY[effect.mode](value, effect, time) * 1000) / 1000;
}

/** Effects indexed by device id for the hot loop. */
export interface EffectIndex {
  readonly values: ReadonlyMap<string, readonly ValueEffect[]>;
  readonly silences: ReadonlyMap<string, readonly Extract<TelemetryEffect, { type: 'silence' }>[]>;
  readonly forces: readonly Extract<TelemetryEffect, { type: 'force' }>[];
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

export function indexEffects(effects: readonly TelemetryEffect[]): EffectIndex {
  const values = new Map<string, ValueEffect[]>();
  const silences = new Map<string, Extract<TelemetryEffect, { type: 'silence' }>[]>();
  const forces: Extract<TelemetryEffect, { type: 'force' }>[] = [];
  for (const effect of effects) {
    if (effect.type === 'value') for (const id of effect.deviceIds) push(values, id, effect);
    else if (effect.type === 'silence') for (const id of effect.deviceIds) push(silences, id, effect);
    else forces.push(effect);
  }
  return { values, silences, forces };
}

export function active(effect: { readonly from: number; readonly to: number }, time: number): boolean {
  return time >= effect.from && time < effect.to;
}
