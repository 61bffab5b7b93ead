/**
 * An in-memory index of the identity properties (serial, mac, ip,
 * x_declaredId) of the nodes in the store, built with one streaming export the
 * first time a run needs it and kept current with the run's own writes. It
 * replaces per-record `listNodes` property scans, which made entity resolution
 * quadratic on large stores.
 */
import { invariant } from '../core/index.js';
import type { GraphStore, Props } from '../graph/port.js';

export const INDEXED_PROPS = ['serial', 'mac', 'ip', 'x_declaredId'] as const;
export type IndexedProp = (typeof INDEXED_PROPS)[number];

export class PropIndex {
  readonly #store: GraphStore;
  readonly #byKey = new Map<string, string>();
  #loaded: Promise<void> | undefined;
  #ready = false;

  constructor(store: GraphStore) {
    this.#store = store;
  }

  async #load(): Promise<void> {
    for await (const batch of this.#store.exportNodes()) {
      for (const node of batch) this.#add(node.id, node.props, false);
    }
  }

  /**
   * Indexes the INDEXED_PROPS of one node, in that order. Runs for every node
   * a run writes, so the four keys are read by name (one inline-cached load
   * each on the node's props shape) rather than by a computed key.
   */
  #add(id: string, props: Props | undefined, overwrite: boolean): void {
    if (!props) return;
    const { serial, mac, ip, x_declaredId: declared } = props;
    if (serial !== undefined) this.#addValue('serial', serial, id, overwrite);
    if (mac !== undefined) this.#addValue('mac', mac, id, overwrite);
    if (ip !== undefined) this.#addValue('ip', ip, id, overwrite);
    if (declared !== undefined) this.#addValue('x_declaredId', declared, id, overwrite);
  }

  #addValue(key: IndexedProp, value: Props[string], id: string, overwrite: boolean): void {
    if (typeof value === 'string') this.#put(`${key}\u0000${value}`, id, overwrite);
    else if (Array.isArray(value)) {
      for (const v of value) if (typeof v === 'string') this.#put(`${key}\u0000${v}`, id, overwrite);
    }
  }

  #put(k: string, id: string, overwrite: boolean): void {
    if (overwrite || !this.#byKey.has(k)) this.#byKey.set(k, id);
  }

  /** Loads the index (once); afterwards `lookup` answers without awaiting. */
  async ready(): Promise<void> {
    this.#loaded ??= this.#load();
    await this.#loaded;
    this.#ready = true;
  }

  /** The node holding `value` under `key`; the index must be loaded (`ready`). The per-record hot path of a batch. */
  lookup(key: IndexedProp, value: string): string | undefined {
    invariant(this.#ready, 'PropIndex.lookup before ready(): the store part of the index is not loaded');
    return this.#byKey.get(`${key}\u0000${value}`);
  }

  /** Records a node the run wrote (its keys now point at it). */
  noteWritten(id: string, props: Props | undefined): void {
    this.#add(id, props, true);
  }

  /** Claims a key for a node before it is written (the first owner wins within a run). */
  claim(key: IndexedProp, value: string, id: string): void {
    const k = `${key}\u0000${value}`;
    if (!this.#byKey.has(k)) this.#byKey.set(k, id);
  }
}
