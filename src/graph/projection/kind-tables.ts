import { invariant } from '../../core/index.js';
import { DOMAINS, EDGE_KINDS, NODE_KINDS, NODE_KIND_ANCESTORS } from '../../ontology/index.js';

/**
 * The names the projection turns into dense codes. Defaults to the ontology's
 * generated vocabulary (ontology/civgraph.ttl → vocab.generated.ts); tests and
 * tools may pass another one.
 */
export interface ProjectionVocabulary {
  /** Node kinds (ontology classes); code = position. */
  readonly nodeKinds: readonly string[];
  /** Edge kinds (object properties); code = position. At most 255 in all. */
  readonly edgeKinds: readonly string[];
  /** Per node kind: itself, then its superclasses (cg:NODE_KIND_ANCESTORS). */
  readonly nodeKindAncestors: Readonly<Record<string, readonly string[]>>;
  /** cg:Domain individuals; the `domain` column holds a position in this list. */
  readonly domains: readonly string[];
}

/** The vocabulary generated from the ontology (DESIGN.md §3). */
export function ontologyVocabulary(): ProjectionVocabulary {
  return {
    nodeKinds: NODE_KINDS,
    edgeKinds: EDGE_KINDS,
    nodeKindAncestors: NODE_KIND_ANCESTORS,
    domains: DOMAINS,
  };
}

const MAX_EDGE_KINDS = 255;

/**
 * Interned names: node kinds, edge kinds, domains, zones, sites and elements. A kind the
 * vocabulary lacks is appended with itself as its only ancestor, so a store
 * holding a kind the ontology dropped still projects (its code is stable for
 * the life of the projection).
 */
export class KindTables {
  readonly nodeKinds: string[];
  readonly edgeKinds: string[];
  readonly domains: readonly string[];
  readonly zones: string[] = [];
  /** cg:site values (structured units: `w0`, `sub-2`, …), in first-seen order. */
  readonly sites: string[] = [];
  /** cg:element values (`PU4`, `T1`, `signal-2`, …), in first-seen order. */
  readonly elements: string[] = [];
  readonly #nodeKindCodes = new Map<string, number>();
  readonly #edgeKindCodes = new Map<string, number>();
  readonly #domainCodes = new Map<string, number>();
  readonly #zoneCodes = new Map<string, number>();
  readonly #siteCodes = new Map<string, number>();
  readonly #elementCodes = new Map<string, number>();
  readonly #ancestors: Readonly<Record<string, readonly string[]>>;
  /** labelMasks[label code][kind code] = 1 when the kind is the label or below it. */
  #labelMasks: Uint8Array[] = [];

  constructor(vocabulary: ProjectionVocabulary) {
    this.nodeKinds = [...vocabulary.nodeKinds];
    this.edgeKinds = [...vocabulary.edgeKinds];
    this.domains = vocabulary.domains;
    this.#ancestors = vocabulary.nodeKindAncestors;
    this.nodeKinds.forEach((kind, code) => this.#nodeKindCodes.set(kind, code));
    this.edgeKinds.forEach((kind, code) => this.#edgeKindCodes.set(kind, code));
    this.domains.forEach((domain, code) => this.#domainCodes.set(domain, code));
    invariant(this.edgeKinds.length <= MAX_EDGE_KINDS, 'at most 255 edge kinds fit a Uint8 code');
    this.#rebuildLabelMasks();
  }

  nodeKindCode(kind: string): number {
    return this.#nodeKindCodes.get(kind) ?? -1;
  }

  edgeKindCode(kind: string): number {
    return this.#edgeKindCodes.get(kind) ?? -1;
  }

  domainCode(domain: string): number {
    return this.#domainCodes.get(domain) ?? -1;
  }

  zoneCode(zone: string): number {
    return this.#zoneCodes.get(zone) ?? -1;
  }

  /** The code of `kind`, appending it when new. */
  internNodeKind(kind: string): number {
    const known = this.#nodeKindCodes.get(kind);
    if (known !== undefined) return known;
    const code = this.nodeKinds.length;
    this.nodeKinds.push(kind);
    this.#nodeKindCodes.set(kind, code);
    this.#rebuildLabelMasks();
    return code;
  }

  /** The code of `kind`, appending it when new. */
  internEdgeKind(kind: string): number {
    const known = this.#edgeKindCodes.get(kind);
    if (known !== undefined) return known;
    invariant(this.edgeKinds.length < MAX_EDGE_KINDS, `too many edge kinds to project (adding ${kind})`);
    const code = this.edgeKinds.length;
    this.edgeKinds.push(kind);
    this.#edgeKindCodes.set(kind, code);
    return code;
  }

  internZone(zone: string): number {
    return intern(this.zones, this.#zoneCodes, zone);
  }

  internSite(site: string): number {
    return intern(this.sites, this.#siteCodes, site);
  }

  internElement(element: string): number {
    return intern(this.elements, this.#elementCodes, element);
  }

  /**
   * Membership table for a label: `mask[kindCode] === 1` when that kind is the
   * label or one of its subclasses. Empty mask (all 0) for an unknown label.
   * Valid until a new node kind is interned.
   */
  labelMask(label: string): Uint8Array {
    const code = this.#nodeKindCodes.get(label);
    if (code === undefined) return new Uint8Array(this.nodeKinds.length);
    return this.#labelMasks[code] as Uint8Array;
  }

  #rebuildLabelMasks(): void {
    const count = this.nodeKinds.length;
    this.#labelMasks = this.nodeKinds.map(() => new Uint8Array(count));
    this.nodeKinds.forEach((kind, kindCode) => {
      for (const ancestor of this.#ancestors[kind] ?? [kind]) {
        const labelCode = this.#nodeKindCodes.get(ancestor);
        if (labelCode !== undefined) (this.#labelMasks[labelCode] as Uint8Array)[kindCode] = 1;
      }
      (this.#labelMasks[kindCode] as Uint8Array)[kindCode] = 1;
    });
  }
}

/** The code of `value` in `list`, appending it when new. */
function intern(list: string[], codes: Map<string, number>, value: string): number {
  const known = codes.get(value);
  if (known !== undefined) return known;
  const code = list.length;
  list.push(value);
  codes.set(value, code);
  return code;
}
