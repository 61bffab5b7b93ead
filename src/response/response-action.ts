/**
 * A response action of the catalogue (rules/actions/<id>.json, DESIGN.md §7):
 * D3FEND technique ids, preconditions, its effect on the graph, a
 * verification check and a rollback. Validated against
 * rules/action.schema.json.
 */
export interface ActionEffect {
  /** Edge kinds whose compromise arcs at the target are cut (both directions); availability still travels them. */
  readonly cutEdges: readonly string[];
  /** Share of compromise transmission a cut arc keeps (a filter is leaky, isolation is not). Default 0. */
  readonly cutResidual?: number;
  /**
   * Edge kinds whose arcs at the target stop carrying harm on every channel
   * (both directions): what depended on the target over them runs without it
   * — by hand, from another feeder or source. The alternative fails with
   * `decoupledResidual` (default 0): that share of availability and
   * visibility loss still crosses.
   */
  readonly decoupleEdges?: readonly string[];
  readonly decoupledResidual?: number;
  /**
   * Re-routing (reroute-power.ts): the `poweredBy` dependents of the feeders
   * behind the target move to an energised alternative feeder of another
   * substation; the switching fails with `switchFailure`, and the
   * alternative fails as often as the risk engine says. Absent: no re-routing.
   */
  readonly reroute?: { readonly switchFailure: number };
  /** Multiplies the evidence on the target (every channel); 0 = neutralised. */
  readonly harmFactor: number;
  /** P(target unavailable) while the action holds: the action's own cost. */
  readonly availabilityLoss: number;
  readonly durationHours: number;
}

export interface ResponseAction {
  readonly id: string;
  readonly version: string;
  readonly name: string;
  readonly description: string;
  /** MITRE D3FEND technique ids, e.g. D3-NI Network Isolation. */
  readonly d3fend: readonly string[];
  readonly preconditions: { readonly targetKinds: readonly string[]; readonly techniques?: readonly string[] };
  readonly effect: ActionEffect;
  readonly verification: { readonly check: string };
  readonly rollback: { readonly description: string };
}

/** One concrete candidate: an action on a node, proposed by rules. */
export interface Candidate {
  readonly key: string;
  readonly action: ResponseAction;
  readonly target: string;
  readonly ruleIds: readonly string[];
}

/**
 * The selection slot of a candidate: at most one automatic action per slot.
 * A re-routing action works beside the containment of the same device (its
 * dependents move while the device is isolated), so it has its own slot.
 */
export const slotOf = (c: Pick<Candidate, 'target' | 'action'>): string => (c.action.effect.reroute === undefined ? c.target : `${c.target}#reroute`);

export const candidateKey = (action: string, target: string): string => `${action}@${target}`;
