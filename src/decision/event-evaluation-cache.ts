/**
 * Per-incident memory of policy evaluations for the live loop (issue 9 §6,
 * decision latency). An incident is decided again each time it grows, on
 * all of its events so far; the events it had at the last decision come
 * first and unchanged (the same objects in the same order), and evaluating
 * one event depends only on the compiled bundle, the graph (projection
 * version) and the events before it (the `history` fact, DESIGN.md §6
 * temporal operators). So the fired rules and explanations of that prefix
 * are the ones a fresh evaluation gives, and only the new events are run.
 */
import type { PolicyEngine } from '../policy/index.js';
import type { Firing } from '../response/index.js';
import type { ScoredEvent } from './decide.js';
import type { FiredRuleExplanation, ScoreExplanation } from './decision-record.js';

/** What evaluating one event gave: its firing (when a rule fired), rule explanations and score. */
export interface EvaluatedEvent {
  readonly scored: ScoredEvent;
  readonly firing?: Firing;
  readonly rules: readonly FiredRuleExplanation[];
  readonly score?: ScoreExplanation;
}

interface Entry {
  readonly engine: PolicyEngine;
  readonly version: number;
  readonly events: readonly EvaluatedEvent[];
}

/**
 * Remembers, per incident id, the last decision's evaluated events; bounded
 * to `limit` incidents (the oldest entry goes first).
 */
export class EventEvaluationCache {
  readonly #entries = new Map<string, Entry>();

  constructor(readonly limit = 256) {}

  /**
   * The leading events of `events` already evaluated for this incident with
   * the same engine on the same projection version ([] when none).
   */
  prefix(incidentId: string, engine: PolicyEngine, events: readonly ScoredEvent[]): readonly EvaluatedEvent[] {
    const entry = this.#entries.get(incidentId);
    if (entry === undefined || entry.engine !== engine || entry.version !== engine.context.projection.version) return [];
    let n = 0;
    while (n < entry.events.length && n < events.length && entry.events[n]?.scored === events[n]) n++;
    return entry.events.slice(0, n);
  }

  /** Stores the evaluated events of the incident's latest decision. */
  store(incidentId: string, engine: PolicyEngine, events: readonly EvaluatedEvent[]): void {
    this.#entries.delete(incidentId);
    if (this.#entries.size >= this.limit) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(incidentId, { engine, version: engine.context.projection.version, events });
  }

  /** Drops an incident (merged into another, or closed). */
  forget(incidentId: string): void {
    this.#entries.delete(incidentId);
  }

  get size(): number {
    return this.#entries.size;
  }
}
