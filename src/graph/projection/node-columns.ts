import type { Props } from '../port.js';
import { growArray } from './growable.js';
import type { KindTables } from './kind-tables.js';

/**
 * Numeric node properties (ontology datatype properties) that risk algorithms
 * read in hot loops: criticality and peopleServed weigh impact (DESIGN.md §5),
 * backupHours/storageHours are cascade buffers, requiredCount is the k of a
 * k-of-n RedundancyGroup, cvss/exploitability give exposure priors.
 */
export const NUMBER_COLUMNS = [
  'criticality',
  'peopleServed',
  'backupHours',
  'storageHours',
  'requiredCount',
  'cvss',
  'exploitability',
] as const;
export type NumberColumn = (typeof NUMBER_COLUMNS)[number];

/**
 * Node attribute columns indexed by node index. Absent values: NaN in number
 * columns, -1 in `defaultCredentials` (else 0/1), `domain` (else a position in
 * DOMAINS), `zone` (else a code into the projection's zone table), `site` and
 * `element` (else a code into its site / element table). Float64 so that
 * thresholds such as `cvss >= 7.2` compare exactly.
 *
 * `site`/`element` are cg:site and cg:element (a C-Town district `w0` and its
 * EPANET element `PU4`): the live scorer's physical expectation reads them per
 * event. Interned codes cost 8 bytes per node; a map of `{ site, element }`
 * objects per device would cost about 150 (entry, object, two strings).
 */
export type NodeColumns = { readonly [K in NumberColumn]: Float64Array } & {
  readonly defaultCredentials: Int8Array;
  readonly domain: Int8Array;
  readonly zone: Int32Array;
  readonly site: Int32Array;
  readonly element: Int32Array;
};

type MutableColumns = { -readonly [K in keyof NodeColumns]: NodeColumns[K] };

function allocate(capacity: number): MutableColumns {
  const numbers = Object.fromEntries(
    NUMBER_COLUMNS.map((name) => [name, new Float64Array(capacity).fill(NaN)]),
  ) as Record<NumberColumn, Float64Array>;
  return {
    ...numbers,
    defaultCredentials: new Int8Array(capacity).fill(-1),
    domain: new Int8Array(capacity).fill(-1),
    zone: new Int32Array(capacity).fill(-1),
    site: new Int32Array(capacity).fill(-1),
    element: new Int32Array(capacity).fill(-1),
  };
}

/** The column arrays plus the code that fills them from node properties. */
export class NodeColumnStore {
  #columns: MutableColumns;

  constructor(capacity: number) {
    this.#columns = allocate(capacity);
  }

  get columns(): NodeColumns {
    return this.#columns;
  }

  get capacity(): number {
    return this.#columns.zone.length;
  }

  grow(capacity: number): void {
    const c = this.#columns;
    for (const name of NUMBER_COLUMNS) c[name] = growArray(c[name], capacity, NaN);
    c.defaultCredentials = growArray(c.defaultCredentials, capacity, -1);
    c.domain = growArray(c.domain, capacity, -1);
    c.zone = growArray(c.zone, capacity, -1);
    c.site = growArray(c.site, capacity, -1);
    c.element = growArray(c.element, capacity, -1);
  }

  /** Replaces every column of `index` from `props` (upserts replace, never merge). */
  set(index: number, props: Props, tables: KindTables): void {
    const c = this.#columns;
    for (const name of NUMBER_COLUMNS) {
      const value = props[name];
      c[name][index] = typeof value === 'number' ? value : NaN;
    }
    const credentials = props['defaultCredentials'];
    c.defaultCredentials[index] = typeof credentials === 'boolean' ? Number(credentials) : -1;
    const domain = props['domain'];
    c.domain[index] = typeof domain === 'string' ? tables.domainCode(domain) : -1;
    const zone = props['zone'];
    c.zone[index] = typeof zone === 'string' ? tables.internZone(zone) : -1;
    const site = props['site'];
    c.site[index] = typeof site === 'string' ? tables.internSite(site) : -1;
    const element = props['element'];
    c.element[index] = typeof element === 'string' ? tables.internElement(element) : -1;
  }

  clear(index: number): void {
    const c = this.#columns;
    for (const name of NUMBER_COLUMNS) c[name][index] = NaN;
    c.defaultCredentials[index] = -1;
    c.domain[index] = -1;
    c.zone[index] = -1;
    c.site[index] = -1;
    c.element[index] = -1;
  }

  /** Bytes held by the column arrays (capacity, not just live nodes). */
  bytes(): number {
    return Object.values(this.#columns).reduce((sum, array) => sum + array.byteLength, 0);
  }
}
