/**
 * The facts of one evaluation (DESIGN.md §7 "facts come from the event, its
 * scores and the graph"). Graph facts are not copied in: the `device` fact is
 * the node id and graph-aware operators read the projection.
 */
import type { PolicyFacts } from './types.js';
import type { HistoryEntry } from './temporal-operators.js';

/** An event as policies see it. `kind` is the security action or `observation`. */
export interface PolicyEvent {
  readonly id: string;
  /** ISO 8601 UTC. */
  readonly time: string;
  readonly kind: string;
  readonly deviceId: string;
  readonly domain?: string;
  readonly deviceKind?: string;
  readonly count?: number;
  readonly value?: number;
  readonly peer?: string;
  /** True when the event was produced by our own decisions (loop guard). */
  readonly derivedFromDecision?: boolean;
}

export interface EventScores {
  /** Calibrated probability that the event is malicious or faulty. */
  readonly probability: number;
  readonly anomaly?: number;
  /** Top SHAP contributions, feature → contribution. */
  readonly contributions?: Readonly<Record<string, number>>;
}

export interface FactInput {
  readonly event: PolicyEvent;
  readonly scores?: EventScores;
  readonly techniques?: readonly string[];
  readonly history?: readonly HistoryEntry[];
  readonly incident?: { readonly id: string; readonly domains: readonly string[]; readonly devices: number };
}

/** Facts: event, device, scores, techniques, history, incident (see rule-checks KNOWN_FACTS). */
export function buildFacts(input: FactInput): PolicyFacts {
  return {
    event: input.event,
    device: input.event.deviceId,
    scores: input.scores ?? { probability: 0 },
    techniques: input.techniques ?? [],
    history: input.history ?? [{ time: Date.parse(input.event.time), kind: input.event.kind, count: input.event.count ?? 1 }],
    incident: input.incident ?? { id: '', domains: [], devices: 0 },
  };
}

/**
 * Recent events per device for the temporal operators, within a window.
 * Events derived from our own decisions are never recorded (loop guard).
 */
export class EventHistory {
  readonly #byDevice = new Map<string, HistoryEntry[]>();
  constructor(readonly windowMinutes = 60) {}

  /** Records the event and returns the device's history up to and including it. */
  record(event: PolicyEvent): readonly HistoryEntry[] {
    const time = Date.parse(event.time);
    const list = this.#byDevice.get(event.deviceId) ?? [];
    if (event.derivedFromDecision !== true) list.push({ time, kind: event.kind, count: event.count ?? 1 });
    const from = time - this.windowMinutes * 60_000;
    let drop = 0;
    while (drop < list.length && (list[drop] as HistoryEntry).time < from) drop++;
    if (drop > 0) list.splice(0, drop);
    this.#byDevice.set(event.deviceId, list);
    return list.length > 0 ? list.slice() : [{ time, kind: event.kind, count: event.count ?? 1 }];
  }
}
