/**
 * Interns kind names as small integers and remembers each node kind's labels
 * (the kind and its ontology superclasses, from `labelsOf`), so rows store an
 * integer and label filters become a set of kind ids.
 */
import type { Database, Statement } from 'better-sqlite3';
import { ENTITY_NODE } from './schema.js';

/** `ENTITY_NODE` or `ENTITY_EDGE`: node and edge kinds are separate namespaces. */
export type Entity = number;

export class KindRegistry {
  /** Name -> kind id, one map per entity. */
  readonly #byName: readonly [Map<string, number>, Map<string, number>] = [new Map(), new Map()];
  readonly #nodeKids = new Set<number>();
  readonly #byId = new Map<number, string>();
  readonly #labels = new Map<number, readonly string[]>();
  readonly #labelsOf: (kind: string) => readonly string[];
  readonly #selectAll: Statement<[], { kid: number; entity: number; name: string }>;
  readonly #insert: Statement<[number, string], unknown> | undefined;

  constructor(db: Database, labelsOf: (kind: string) => readonly string[], readonly: boolean) {
    this.#labelsOf = labelsOf;
    this.#selectAll = db.prepare('SELECT kid, entity, name FROM kinds');
    this.#insert = readonly ? undefined : db.prepare('INSERT INTO kinds(entity, name) VALUES (?, ?)');
    this.reload();
  }

  /** Re-reads the table (after a rolled-back write or another process's write). */
  reload(): void {
    for (const map of this.#byName) map.clear();
    this.#byId.clear();
    this.#labels.clear();
    this.#nodeKids.clear();
    for (const row of this.#selectAll.all()) this.#remember(row.kid, row.entity, row.name);
  }

  #names(entity: Entity): Map<string, number> {
    return this.#byName[entity === ENTITY_NODE ? 0 : 1];
  }

  #remember(kid: number, entity: Entity, name: string): void {
    this.#names(entity).set(name, kid);
    this.#byId.set(kid, name);
    if (entity === ENTITY_NODE) this.#nodeKids.add(kid);
  }

  /** The id of a kind, interning it (inside the caller's transaction) when new. */
  intern(entity: Entity, name: string): number {
    const known = this.#names(entity).get(name);
    if (known !== undefined) return known;
    if (this.#insert === undefined) throw new Error('intern on a read-only store');
    const kid = Number(this.#insert.run(entity, name).lastInsertRowid);
    this.#remember(kid, entity, name);
    return kid;
  }

  nameOf(kid: number): string {
    let name = this.#byId.get(kid);
    if (name === undefined) {
      this.reload();
      name = this.#byId.get(kid);
    }
    if (name === undefined) throw new Error(`unknown kind id ${kid}`);
    return name;
  }

  /** The node labels of a kind: the kind first, then its superclasses. */
  labelsOf(kid: number): readonly string[] {
    let labels = this.#labels.get(kid);
    if (labels === undefined) {
      const name = this.nameOf(kid);
      const inferred = this.#labelsOf(name);
      labels = Object.freeze(inferred[0] === name ? [...inferred] : [name, ...inferred.filter((l) => l !== name)]);
      this.#labels.set(kid, labels);
    }
    return labels;
  }

  /** Kind ids whose name is one of `names` (unknown names match nothing). */
  idsOfKinds(entity: Entity, names: readonly string[]): number[] {
    return names.flatMap((name) => {
      const kid = this.#names(entity).get(name);
      return kid === undefined ? [] : [kid];
    });
  }

  /** Node kind ids whose labels include any of `labels`. */
  idsWithLabels(labels: readonly string[]): number[] {
    const wanted = new Set(labels);
    const ids: number[] = [];
    for (const kid of this.#nodeKids) {
      if (this.labelsOf(kid).some((label) => wanted.has(label))) ids.push(kid);
    }
    return ids;
  }
}
