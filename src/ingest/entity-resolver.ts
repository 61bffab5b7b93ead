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

  async #lookup(key: keyof IdentityKeys, value: string): Promise<string | undefined> {
    const indexed = await this.#index.get(KEY_PROPS[key] as 'serial' | 'mac' | 'x_declaredId', value);
    if (indexed !== undefined || key !== 'declaredId') return indexed;
    return (await this.#store.getNode(value))?.id;
  }

  /**
   * Resolves one node's identity. Returns the merge record when the node is
   * merged into another; registers the node as the owner of its keys otherwise.
   */
  async resolve(id: string, keys: IdentityKeys, source: string): Promise<MergeRecord | undefined> {
    for (const key of KEY_ORDER) {
      const value = keys[key];
      if (!value) continue;
      const owner = await this.#lookup(key, value);
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
