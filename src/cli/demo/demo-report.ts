import type { SimDetectionRow } from '../../scoring/index.js';
import type { DemoLoop } from './loop-stage.js';

/** The demo's result: what `civgraph demo --json` prints and the text report renders. */
export interface DemoScenarioStage {
  readonly name: string;
  readonly description: string;
  readonly techniques: readonly string[];
  readonly domains: readonly string[];
  readonly start: string;
  readonly end: string;
  readonly assets: readonly string[];
}

export interface DemoScenario {
  readonly name: string;
  readonly kind: 'attack' | 'fault';
  readonly description: string;
  readonly start: string;
  readonly end: string;
  readonly events: number;
  readonly maliciousEvents: number;
  readonly stages: readonly DemoScenarioStage[];
  readonly techniques: readonly string[];
  readonly domains: readonly string[];
  readonly attackedAssets: readonly string[];
  readonly impactedServices: readonly string[];
}

export interface DemoPathHop {
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  /** True when the harm flows against the stored edge: the edge reads `to kind from`. */
  readonly against: boolean;
  readonly channel: string;
  readonly probability: number;
  /** Hours for the harm to cross this hop (edge delay plus buffers). */
  readonly delay: number;
  readonly domain: string | null;
}

export interface DemoPath {
  readonly nodes: readonly string[];
  readonly edges: readonly DemoPathHop[];
  readonly probability: number;
  readonly delayHours: number;
  readonly domains: readonly string[];
}

export interface DemoAffectedService {
  readonly id: string;
  readonly kind: string;
  readonly domain: string | null;
  readonly probability: number;
  readonly timeToImpactHours: number | null;
  readonly peopleServed: number | null;
  readonly criticality: number | null;
}

export interface DemoBlastRadius {
  readonly sources: readonly string[];
  /** The most likely affected services (at most 12). */
  readonly services: readonly DemoAffectedService[];
  readonly servicesAffected: number;
  readonly facilitiesAffected: number;
  readonly assetsAffected: number;
  readonly assetsByDomain: Readonly<Record<string, number>>;
  readonly peopleAffected: number;
  readonly expectedImpact: number;
}

export interface DemoIngest {
  readonly source: string;
  readonly format: string;
  readonly accepted: number;
  readonly merged: number;
  readonly rejected: number;
  readonly nodesWritten: number;
  readonly edgesWritten: number;
  readonly diagnostics: number;
}

export interface DemoMitigation {
  /** Availability of critical services during mitigation with our selection (automatic actions). */
  readonly availability: number;
  /** The same with the static protocol: isolate every flagged device. */
  readonly staticAvailability: number;
  readonly riskReduction: number;
  readonly staticRiskReduction: number;
  /** If every action waiting for human approval were approved. */
  readonly availabilityIfApproved: number;
  readonly riskReductionIfApproved: number;
}

export interface DemoReport {
  readonly seed: number;
  /** Devices in the city: field devices plus gateways. */
  readonly devices: number;
  readonly nodes: number;
  readonly edges: number;
  /** Devices per domain. */
  readonly domains: Readonly<Record<string, number>>;
  readonly nodeKinds: Readonly<Record<string, number>>;
  readonly edgeKinds: Readonly<Record<string, number>>;
  /** The real-format sample ingested beside the simulated city. */
  readonly ingest: DemoIngest;
  readonly store: { readonly kind: string; readonly description: string; readonly version: number };
  readonly projection: {
    readonly nodes: number;
    readonly edges: number;
    readonly topologyBytesPerEdge: number;
  };
  readonly scenario: DemoScenario;
  /** The assets of the scenario's first stage: where the paths start. */
  readonly foothold: readonly string[];
  /** Most probable propagation paths from the foothold to the services at stake and hospitals. */
  readonly paths: readonly DemoPath[];
  readonly blastRadius: DemoBlastRadius;
  /**
   * The seed-study detection table: the live scorer and the graph correlator over every scenario on
   * a 600-device city for the demo's seed and the next two, cross-domain correlation against the per-domain baseline.
   */
  readonly detection: { readonly model: string; readonly devices: number; readonly seeds: readonly number[]; readonly rows: readonly SimDetectionRow[] };
  /** Decision records (DESIGN.md §8) of the policy engine for the scenario. */
  readonly decisions: readonly unknown[];
  readonly mitigation: DemoMitigation;
  /** The scenario through the live loop: scored (not ground-truth) evidence, incidents, decisions. */
  readonly loop: DemoLoop;
  /** Wall-clock milliseconds per stage. */
  readonly timings: Readonly<Record<string, number>>;
}
