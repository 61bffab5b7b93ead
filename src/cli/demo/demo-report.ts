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
  readonly store: { readonly kind: string; readonly description: string; readonly version: number };
  readonly projection: {
    readonly nodes: number;
    readonly edges: number;
    readonly topologyBytesPerEdge: number;
  };
  readonly scenario: DemoScenario;
  /** Wall-clock milliseconds per stage. */
  readonly timings: Readonly<Record<string, number>>;
}
