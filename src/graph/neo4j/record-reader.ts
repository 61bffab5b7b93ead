/**
 * Node and edge records from what the store's queries return: `properties(n)`
 * of a `:CgNode`, and `properties(r)` of a relationship with its endpoint ids.
 * Labels come from `labelsOf(kind)` (as in the embedded store), so they follow
 * the current ontology; the stored labels are the same list at write time.
 */
import type { EdgeRecord, NodeRecord } from '../port.js';
import { FIELD_ID, FIELD_KIND, FIELD_VERSION, decodeProps, toJsNumber } from './props-codec.js';

type Stored = Readonly<Record<string, unknown>>;

/** Cypher projection of a node row: `properties(n) AS n`. */
export const NODE_RETURN = 'properties(n) AS n';
/** Cypher projection of an edge row (relationship `r` from `a` to `b`). */
export const EDGE_RETURN = 'properties(r) AS r, a.id AS from, b.id AS to';

export interface EdgeRow {
  readonly r: Stored;
  readonly from: string;
  readonly to: string;
}

export class RecordReader {
  readonly #labelsOf: (kind: string) => readonly string[];
  readonly #labels = new Map<string, readonly string[]>();

  constructor(labelsOf: (kind: string) => readonly string[]) {
    this.#labelsOf = labelsOf;
  }

  labelsOf(kind: string): readonly string[] {
    let labels = this.#labels.get(kind);
    if (labels === undefined) {
      labels = this.#labelsOf(kind);
      this.#labels.set(kind, labels);
    }
    return labels;
  }

  node(stored: Stored): NodeRecord {
    const kind = String(stored[FIELD_KIND]);
    return {
      id: String(stored[FIELD_ID]),
      kind,
      labels: this.labelsOf(kind),
      props: decodeProps(stored),
      version: toJsNumber(stored[FIELD_VERSION]),
    };
  }

  edge(row: EdgeRow): EdgeRecord {
    return {
      id: String(row.r[FIELD_ID]),
      kind: String(row.r[FIELD_KIND]),
      from: row.from,
      to: row.to,
      props: decodeProps(row.r),
      version: toJsNumber(row.r[FIELD_VERSION]),
    };
  }
}
