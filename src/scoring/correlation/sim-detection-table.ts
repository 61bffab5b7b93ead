import type { WriteBatch } from '../../graph/port.js';
import { createProjectionBuilder, type Projection } from '../../graph/projection/index.js';
import { SCENARIO_NAMES, generateCity, indexCity, runScenario, type ScenarioName, type ScenarioRun } from '../../sim/index.js';
import { createLiveScorer } from '../live/create-live-scorer.js';
import type { LiveModel } from '../live/live-model.js';
import { deviceLookups } from '../live/train-live-scorer.js';
import { createIncidentCorrelator, type IncidentCorrelatorOptions } from './create-incident-correlator.js';
import type { IncidentCorrelator } from './types.js';

/**
 * The seed-study table on the simulated city (issue 6 items 5–6, DESIGN.md
 * §6): per seed, a generated city, every simulator scenario streamed through
 * the live scorer, and the flagged events (alerts) correlated into incidents.
 *
 * Definitions (per run; counts pooled over runs and seeds):
 * - event TPR / FPR: flagged labelled events of attack scenarios over all of
 *   them; flagged normal events over all normal events (every scenario);
 *   balanced accuracy = (TPR + TNR) / 2. Faults (air-quality drift) are
 *   counted apart, never as attacks.
 * - stage detection: an attack stage is detected when one of its labelled
 *   events is flagged.
 * - with correlation: an attack counts as detected when one incident of the
 *   cross-domain correlator holds a flagged alert of every one of its stages.
 * - per-domain baseline: each domain's SOC correlates only its own domain's
 *   alerts (the same graph and window, alerts of other domains never reach
 *   it); an attack counts as detected when one incident of a single domain
 *   holds a flagged alert of every stage — every stage detected and linked by
 *   one per-domain SOC.
 * - coordinated domains linked: of the coordinated attack's alert domains,
 *   the most that one incident holds (a per-domain SOC links at most one).
 * - false alerts / false incidents: flagged normal events over all alerts;
 *   incidents with no labelled alert over all incidents (cross-domain
 *   correlator).
 */
export interface SimDetectionOptions {
  readonly model: LiveModel;
  /** Field devices per city. Default 600. */
  readonly devices?: number;
  readonly hours?: number;
  /** One city and one run of every scenario per seed. Default [1, 2, 3]. */
  readonly seeds?: readonly number[];
  /** Correlation window. Default 60 min (a multi-stage attack's stages are up to an hour apart). */
  readonly windowMs?: number;
  readonly scenarios?: readonly ScenarioName[];
  /** Correlator settings besides the graph and the window (link kinds, hops, hub degree). */
  readonly correlation?: Omit<IncidentCorrelatorOptions, 'projection' | 'windowMs'>;
}

export interface SimDetectionCounts {
  events: number;
  normalEvents: number;
  flaggedNormal: number;
  attackEvents: number;
  flaggedAttack: number;
  faultEvents: number;
  flaggedFault: number;
  stages: number;
  stagesDetected: number;
  attacks: number;
  attacksCorrelated: number;
  attacksPerDomain: number;
  coordinated: number;
  coordinatedCorrelated: number;
  coordinatedPerDomain: number;
  /** Domains of the coordinated attack's flagged stage alerts, summed over runs. */
  coordinatedDomains: number;
  /** Of those, the most that one incident links (cross-domain correlator / one per-domain SOC: at most 1). */
  coordinatedDomainsCorrelated: number;
  coordinatedDomainsPerDomain: number;
  alerts: number;
  incidents: number;
  falseIncidents: number;
}

export interface SimDetectionRow {
  /** The seed, or "all" for the pooled row. */
  readonly seed: number | 'all';
  readonly counts: Readonly<SimDetectionCounts>;
  readonly tpr: number;
  readonly fpr: number;
  readonly balancedAccuracy: number;
  readonly stageDetection: number;
  readonly attackDetectionCorrelated: number;
  readonly attackDetectionPerDomain: number;
  readonly coordinatedCorrelated: number;
  readonly coordinatedPerDomain: number;
  readonly falseAlertShare: number;
  readonly falseIncidentShare: number;
}

const emptyCounts = (): SimDetectionCounts => ({
  events: 0,
  normalEvents: 0,
  flaggedNormal: 0,
  attackEvents: 0,
  flaggedAttack: 0,
  faultEvents: 0,
  flaggedFault: 0,
  stages: 0,
  stagesDetected: 0,
  attacks: 0,
  attacksCorrelated: 0,
  attacksPerDomain: 0,
  coordinated: 0,
  coordinatedCorrelated: 0,
  coordinatedPerDomain: 0,
  coordinatedDomains: 0,
  coordinatedDomainsCorrelated: 0,
  coordinatedDomainsPerDomain: 0,
  alerts: 0,
  incidents: 0,
  falseIncidents: 0,
});

function projectionOf(batches: Iterable<WriteBatch>): Projection {
  const builder = createProjectionBuilder();
  for (const batch of batches) {
    for (const node of batch.nodes ?? []) builder.addNode(node);
    for (const edge of batch.edges ?? []) builder.addEdge(edge);
  }
  return builder.finish({ version: 1 });
}

/** Follows an alert's incident through later merges to the incident that holds it at the end. */
class IncidentTracker {
  readonly #incidentOf = new Map<string, string>();
  readonly #mergedInto = new Map<string, string>();
  readonly #correlator: IncidentCorrelator;

  constructor(correlator: IncidentCorrelator) {
    this.#correlator = correlator;
  }

  add(alert: Parameters<IncidentCorrelator['add']>[0]): void {
    const update = this.#correlator.add(alert);
    this.#incidentOf.set(alert.alertId, update.incident.id);
    for (const merged of update.merged) this.#mergedInto.set(merged, update.incident.id);
  }

  finalIncident(alertId: string): string | undefined {
    let id = this.#incidentOf.get(alertId);
    while (id !== undefined && this.#mergedInto.has(id)) id = this.#mergedInto.get(id);
    return id;
  }

  alerts(): IterableIterator<string> {
    return this.#incidentOf.keys();
  }
}

/** True when one incident holds an alert of every stage: `stageAlerts` lists each stage's flagged alert ids. */
function oneIncidentHoldsAll(stageAlerts: readonly (readonly string[])[], tracker: IncidentTracker): boolean {
  if (stageAlerts.length === 0 || stageAlerts.some((a) => a.length === 0)) return false;
  let common: Set<string> | undefined;
  for (const alerts of stageAlerts) {
    const incidents = new Set(alerts.map((a) => tracker.finalIncident(a)).filter((i): i is string => i !== undefined));
    common = common === undefined ? incidents : new Set([...common].filter((i) => incidents.has(i)));
    if (common.size === 0) return false;
  }
  return true;
}

interface RunAlerts {
  readonly flagged: Set<string>;
  readonly domainOf: Map<string, string>;
  readonly full: IncidentTracker;
  readonly perDomain: Map<string, IncidentTracker>;
}

function scoreRun(run: ScenarioRun, model: LiveModel, correlation: IncidentCorrelatorOptions, counts: SimDetectionCounts): RunAlerts {
  const scorer = createLiveScorer({ model, ...deviceLookups(run) });
  // The stream clock: the latest event time, so a quiet hour without alerts is not taken for a clock jump.
  let streamMs = Number.NEGATIVE_INFINITY;
  const options: IncidentCorrelatorOptions = { clock: () => streamMs, ...correlation };
  const full = new IncidentTracker(createIncidentCorrelator(options));
  const perDomain = new Map<string, IncidentTracker>();
  const flagged = new Set<string>();
  const domainOf = new Map<string, string>();
  for (const event of run.events) {
    const s = scorer.score(event);
    streamMs = Math.max(streamMs, Date.parse(event.time));
    counts.events++;
    if (!s.flagged) continue;
    const alert = { alertId: event.id, deviceId: event.deviceId, domain: event.domain, time: event.time, probability: s.probability };
    flagged.add(event.id);
    domainOf.set(event.id, event.domain);
    full.add(alert);
    let domain = perDomain.get(event.domain);
    if (domain === undefined) {
      domain = new IncidentTracker(createIncidentCorrelator(options));
      perDomain.set(event.domain, domain);
    }
    domain.add(alert);
  }
  return { flagged, domainOf, full, perDomain };
}

function countEvents(run: ScenarioRun, alerts: RunAlerts, counts: SimDetectionCounts): void {
  const labelled = new Set(run.groundTruth.labels.map((l) => l.eventId));
  const fault = run.groundTruth.kind === 'fault';
  counts.normalEvents += run.events.length - labelled.size;
  counts.alerts += alerts.flagged.size;
  for (const id of alerts.flagged) if (!labelled.has(id)) counts.flaggedNormal++;
  const flaggedLabelled = [...labelled].filter((id) => alerts.flagged.has(id)).length;
  if (fault) {
    counts.faultEvents += labelled.size;
    counts.flaggedFault += flaggedLabelled;
  } else {
    counts.attackEvents += labelled.size;
    counts.flaggedAttack += flaggedLabelled;
  }
  const byIncident = new Map<string, boolean>();
  for (const alertId of alerts.full.alerts()) {
    const incident = alerts.full.finalIncident(alertId) as string;
    byIncident.set(incident, (byIncident.get(incident) ?? false) || labelled.has(alertId));
  }
  counts.incidents += byIncident.size;
  for (const real of byIncident.values()) if (!real) counts.falseIncidents++;
}

function countAttack(run: ScenarioRun, alerts: RunAlerts, counts: SimDetectionCounts): void {
  if (run.groundTruth.kind === 'fault') return;
  const stageAlerts = run.groundTruth.stages.map((stage) =>
    run.groundTruth.labels.filter((l) => l.stage === stage.name && alerts.flagged.has(l.eventId)).map((l) => l.eventId),
  );
  counts.stages += stageAlerts.length;
  counts.stagesDetected += stageAlerts.filter((a) => a.length > 0).length;
  const correlated = oneIncidentHoldsAll(stageAlerts, alerts.full);
  const perDomain = [...alerts.perDomain].some(([domain, tracker]) =>
    oneIncidentHoldsAll(
      stageAlerts.map((a) => a.filter((id) => alerts.domainOf.get(id) === domain)),
      tracker,
    ),
  );
  const coordinated = run.name === 'coordinated' ? 1 : 0;
  if (coordinated === 1) countCoordinatedDomains(stageAlerts.flat(), alerts, counts);
  counts.attacks++;
  counts.attacksCorrelated += correlated ? 1 : 0;
  counts.attacksPerDomain += perDomain ? 1 : 0;
  counts.coordinated += coordinated;
  counts.coordinatedCorrelated += correlated ? coordinated : 0;
  counts.coordinatedPerDomain += perDomain ? coordinated : 0;
}

/** How many of the attack's alert domains the best single incident links, for both views. */
function countCoordinatedDomains(stageAlerts: readonly string[], alerts: RunAlerts, counts: SimDetectionCounts): void {
  const domains = new Set(stageAlerts.map((id) => alerts.domainOf.get(id)));
  const best = (tracker: IncidentTracker, ids: readonly string[]): number => {
    const byIncident = new Map<string, Set<string | undefined>>();
    for (const id of ids) {
      const incident = tracker.finalIncident(id);
      if (incident === undefined) continue;
      const set = byIncident.get(incident) ?? new Set();
      set.add(alerts.domainOf.get(id));
      byIncident.set(incident, set);
    }
    return Math.max(0, ...[...byIncident.values()].map((set) => set.size));
  };
  counts.coordinatedDomains += domains.size;
  counts.coordinatedDomainsCorrelated += best(alerts.full, stageAlerts);
  counts.coordinatedDomainsPerDomain += Math.max(
    0,
    ...[...alerts.perDomain].map(([domain, tracker]) => best(tracker, stageAlerts.filter((id) => alerts.domainOf.get(id) === domain))),
  );
}

const ratio = (a: number, b: number): number => (b === 0 ? Number.NaN : a / b);

function rowOf(seed: number | 'all', c: SimDetectionCounts): SimDetectionRow {
  const tpr = ratio(c.flaggedAttack, c.attackEvents);
  const fpr = ratio(c.flaggedNormal, c.normalEvents);
  return {
    seed,
    counts: c,
    tpr,
    fpr,
    balancedAccuracy: (tpr + 1 - fpr) / 2,
    stageDetection: ratio(c.stagesDetected, c.stages),
    attackDetectionCorrelated: ratio(c.attacksCorrelated, c.attacks),
    attackDetectionPerDomain: ratio(c.attacksPerDomain, c.attacks),
    coordinatedCorrelated: ratio(c.coordinatedCorrelated, c.coordinated),
    coordinatedPerDomain: ratio(c.coordinatedPerDomain, c.coordinated),
    falseAlertShare: ratio(c.flaggedNormal, c.alerts),
    falseIncidentShare: ratio(c.falseIncidents, c.incidents),
  };
}

/** One row per seed and a pooled "all" row; see {@link SimDetectionOptions} for the definitions. */
export function simDetectionTable(options: SimDetectionOptions): SimDetectionRow[] {
  const seeds = options.seeds ?? [1, 2, 3];
  const windowMs = options.windowMs ?? 60 * 60_000;
  const total = emptyCounts();
  const rows = seeds.map((seed) => {
    const city = generateCity({ devices: options.devices ?? 600, seed });
    const projection = projectionOf(city.batches());
    const index = indexCity(city);
    const counts = emptyCounts();
    for (const name of options.scenarios ?? SCENARIO_NAMES) {
      const run = runScenario({ city: index, name, seed, hours: options.hours ?? 24 });
      const alerts = scoreRun(run, options.model, { ...options.correlation, projection, windowMs }, counts);
      countEvents(run, alerts, counts);
      countAttack(run, alerts, counts);
    }
    for (const key of Object.keys(total) as (keyof SimDetectionCounts)[]) total[key] += counts[key];
    return rowOf(seed, counts);
  });
  return [...rows, rowOf('all', total)];
}
