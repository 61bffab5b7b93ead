/**
 * Entity resolution: the same device arriving from two sources (an NGSI-LD
 * entity and an inventory row) becomes one node. Keys, strongest first: a
 * declared id (the other system's id, or an existing node id), the serial
 * number, the MAC address. The first node seen with a key owns it; a later node
 * with another id and the same key is merged into the owner, and a merge record
 * says which key matched.
 */
import type { GraphStore } from '../graph/port.js';
import type { PropIndex } from './prop-index.js';
import type { IdentityKeys } from './types.js';

/** Why two records became one node. */
export interface MergeRecord {
  /** The node that remains. */
  readonly into: string;
  /** The id the merged record had in its source. */
  readonly from: string;
  readonly key: 'declaredId' | 'serial' | 'mac';
  readonly value: string;
  readonly source: string;
}

const KEY_PROPS: Readonly<Record<keyof IdentityKeys, string>> = { declaredId: 'x_declaredId', serial: 'serial', mac: 'mac' };
const KEY_ORDER: readonly (keyof IdentityKeys)[] = ['declaredId', 'serial', 'mac'];

export class EntityResolver {
  readonly #store: GraphStore;
  readonly #index: PropIndex;
  /** Ids merged away → the node they became, for edges that still name them. */
  readonly #aliases = new Map<string, string>();

  constructor(store: GraphStore, index: PropIndex) {
    this.#store = store;
    this.#index = index;
  }

  /** The canonical id of an id (itself unless merged). */
  canonical(id: string): string {
    return this.#aliases.get(id) ?? id;
  }

  /** Store nodes named by declared ids of the current batch (see prepare). */
  #declared: ReadonlySet<string> = new Set();

  #lookup(key: keyof IdentityKeys, value: string): string | undefined {
    const indexed = this.#index.lookup(KEY_PROPS[key] as 'serial' | 'mac' | 'x_declaredId', value);
    if (indexed !== undefined || key !== 'declaredId') return indexed;
    return this.#declared.has(value) ? value : undefined;
  }

  /**
   * Readies a batch for `resolve`: loads the identity index and reads, in one
   * getNodes call, which declared ids of the batch name nodes already in the
   * store, so resolving needs no store read per record. Valid until the next
   * store write.
   */
  async prepare(identities: Iterable<IdentityKeys>): Promise<void> {
    await this.#index.ready();
    const ids = new Set<string>();
    for (const keys of identities) if (keys.declaredId) ids.add(keys.declaredId);
    this.#declared = ids.size === 0 ? new Set() : new Set((await this.#store.getNodes([...ids])).keys());
  }

  /**
   * Resolves one node's identity (after `prepare` for its batch). Returns the
   * merge record when the node is merged into another; registers the node as
   * the owner of its keys otherwise.
   */
  resolve(id: string, keys: IdentityKeys, source: string): MergeRecord | undefined {
    for (const key of KEY_ORDER) {
      const value = keys[key];
      if (!value) continue;
      const owner = this.#lookup(key, value);
      if (owner !== undefined && owner !== id) {
        const into = this.canonical(owner);
        this.#aliases.set(id, into);
        this.#claimAll(keys, into);
        return { into, from: id, key, value, source };
      }
    }
    this.#claimAll(keys, id);
    return undefined;
  }

  /** The node now owns every key of the record (a merged record's other keys lead to it too). */
  #claimAll(keys: IdentityKeys, id: string): void {
    for (const key of KEY_ORDER) {
      const value = keys[key];
      if (value) this.#index.claim(KEY_PROPS[key] as 'serial' | 'mac' | 'x_declaredId', value, id);
    }
  }

  /** The prop a key is stored under on the owning node (so later runs find it). */
  static propOf(key: keyof IdentityKeys): string {
    return KEY_PROPS[key];
  }
}
