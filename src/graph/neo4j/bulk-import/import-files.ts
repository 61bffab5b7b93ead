/**
 * Writes a stream of GraphStore write batches as the CSV files of Neo4j's
 * offline importer (`neo4j-admin database import full`), holding exactly the
 * graph Neo4jStore.write gives for the same batches (src/graph/neo4j/README.md
 * "Graph model"):
 *
 * ```
 * (:CgNode:<labelsOf(kind)…> {id, kind, _version: <batch number>, …props})
 * ()-[:<relationshipTypeOf(kind)> {id, kind, _version, …props}]->()
 * (:CgMeta {id: 'version', value: <number of batches>})
 * ```
 *
 * Batch i (from 1) is version i, as if each batch were one `write`; within a
 * batch the last occurrence of an id wins (batch-plan.ts, the same validation
 * and encoding as the store: CG_WRITE_INPUT_INVALID with a pointer). Rows are
 * grouped by kind and property signature (key and type per column), one header
 * and one data file per group, since every row of a file must carry every
 * column of its header. Values the CSV cannot carry go to `fixups.jsonl`
 * (./csv-field.ts) and are set with Cypher after the import (./apply-fixups.ts).
 *
 * The import creates a new database, so batches may not delete (there is
 * nothing to delete yet): such a batch is refused with CG_IMPORT_INPUT_INVALID.
 * An id written twice across batches is refused by the importer
 * (CG_IMPORT_DUPLICATE_ID, ./run-import.ts) rather than updated.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EngineError } from '../../../core/index.js';
import type { WriteBatch } from '../../port.js';
import { planBatch, type BatchPlan, type EdgeRow } from '../batch-plan.js';
import type { StoredProps } from '../props-codec.js';
import { META_LABEL, NODE_LABEL } from '../schema.js';
import { CsvFile } from './csv-file.js';
import { encodeFixup, type Fixup } from './fixup-line.js';
import { FIXED_FIELDS, RowShapes, type ShapeMatch } from './row-shapes.js';
import { ARRAY_DELIMITER, csvColumnType, csvField, csvHeaderEntry, csvKeyFits, csvText, hasLineBreak, type CsvColumnType } from './csv-field.js';

/** A node file group: every node in it has these labels. */
export interface NodeFileGroup {
  readonly labels: readonly string[];
  readonly header: string;
  readonly data: string;
  readonly rows: number;
}

/** A relationship file group (the type is a `:TYPE` column). */
export interface EdgeFileGroup {
  readonly header: string;
  readonly data: string;
  readonly rows: number;
}

/** What {@link writeImportFiles} wrote; also saved as `import.json` in the folder. */
export interface ImportFiles {
  readonly dir: string;
  readonly nodeFiles: readonly NodeFileGroup[];
  readonly edgeFiles: readonly EdgeFileGroup[];
  /** The `:CgMeta` version node. */
  readonly metaFile: NodeFileGroup;
  /** JSON lines of properties set after the import, or null when there are none. */
  readonly fixups: string | null;
  readonly fixupCount: number;
  /** Some string holds a line break: the importer needs `--multiline-fields=true`. */
  readonly multiline: boolean;
  readonly arrayDelimiter: string;
  readonly nodes: number;
  readonly edges: number;
  /** Store version after the import: the number of batches. */
  readonly version: number;
  /** Relationship types written (their schema is created after the import). */
  readonly types: readonly string[];
}

export interface WriteImportFilesOptions {
  /** Folder for the files (created; existing import files in it are replaced). */
  readonly dir: string;
  /** Node labels of a kind (src/ontology `labelsOf`), as given to openNeo4jStore. */
  readonly labelsOf: (kind: string) => readonly string[];
}

interface Column {
  readonly key: string;
  readonly type: CsvColumnType;
}

interface Group {
  readonly file: CsvFile;
  readonly columns: readonly Column[];
  readonly labels: readonly string[];
}

/** A row's CSV-able columns (in its own key order) and what must become a fix-up. */
interface Split {
  readonly signature: string;
  readonly columns: Column[];
  readonly fixup: StoredProps | null;
}

function splitProps(props: StoredProps): Split {
  const columns: Column[] = [];
  let fixup: StoredProps | null = null;
  let signature = '';
  for (const key of Object.keys(props)) {
    if (FIXED_FIELDS.has(key)) continue;
    const value = props[key] as StoredProps[string];
    const type = csvColumnType(value);
    if (type === undefined || !csvKeyFits(key)) {
      fixup ??= {};
      fixup[key] = value;
      continue;
    }
    columns.push({ key, type });
    signature += `\u0000${key}\u0001${type}`;
  }
  return { signature, columns, fixup };
}

const canonical = (columns: readonly Column[]): Column[] => [...columns].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

const propertyHeader = (columns: readonly Column[]): string[] => columns.map((column) => csvHeaderEntry(column.key, column.type));

function rowFields(props: StoredProps, columns: readonly Column[]): string {
  let line = '';
  for (const column of columns) line += `,${csvField(props[column.key] as StoredProps[string], column.type)}`;
  return line;
}

function hasText(value: StoredProps[string]): boolean {
  if (typeof value === 'string') return hasLineBreak(value);
  return Array.isArray(value) && value.some((item) => typeof item === 'string' && hasLineBreak(item));
}

/** Streams batches into import files; use {@link writeImportFiles}. */
class ImportFileWriter {
  readonly #dir: string;
  readonly #labelsOf: (kind: string) => readonly string[];
  readonly #groups = new Map<string, Group>();
  readonly #nodeShapes = new RowShapes<Group>();
  readonly #edgeShapes = new RowShapes<Group>();
  readonly #nodeGroups: Group[] = [];
  readonly #edgeGroups: Group[] = [];
  readonly #types = new Set<string>();
  #fixupFd: number | undefined;
  #fixupCount = 0;
  #multiline = false;
  #nodes = 0;
  #edges = 0;
  #version = 0;

  constructor(dir: string, labelsOf: (kind: string) => readonly string[]) {
    this.#dir = dir;
    this.#labelsOf = labelsOf;
  }

  add(batch: WriteBatch): void {
    const number = this.#version + 1;
    const plan = this.#plan(batch, number);
    this.#version = number;
    const version = String(number);
    for (const node of plan.nodes) this.#node(node, version);
    for (const edge of plan.edges) this.#edge(edge, version);
    this.#nodes += plan.nodes.length;
    this.#edges += plan.edges.length;
  }

  #plan(batch: WriteBatch, number: number): BatchPlan {
    let plan: BatchPlan;
    try {
      plan = planBatch(batch);
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      throw new EngineError(error.code, `batch ${number}: ${error.message}`, { details: { ...error.details, batch: number }, cause: error });
    }
    if (plan.deleteNodes.length > 0 || plan.deleteEdges.length > 0) {
      throw new EngineError(
        'CG_IMPORT_INPUT_INVALID',
        `batch ${number} deletes ids; a bulk import creates a new database and takes upserts only (apply deletes with the store's write after the import)`,
        { details: { batch: number, deleteNodes: plan.deleteNodes.length, deleteEdges: plan.deleteEdges.length } },
      );
    }
    for (const kind of plan.kinds) this.#labelsOf(kind);
    return plan;
  }

  #node(props: StoredProps, version: string): void {
    const kind = props.kind as string;
    const { group, fixup } = this.#nodeShapes.find(kind, props) ?? this.#resolve(this.#nodeShapes, kind, `n\u0000${kind}`, props, () => this.#nodeLabels(kind));
    if (fixup !== null) this.#fixup({ node: props.id as string, p: fixup });
    this.#track(props);
    group.file.write(`${csvText(props.id as string)},${csvText(kind)},${version}${rowFields(props, group.columns)}`);
  }

  #edge(edge: EdgeRow, version: string): void {
    const { group, fixup } = this.#edgeShapes.find(edge.type, edge.p) ?? this.#resolve(this.#edgeShapes, edge.type, `e\u0000${edge.type}`, edge.p, null);
    if (fixup !== null) this.#fixup({ edge: edge.id, type: edge.type, p: fixup });
    this.#types.add(edge.type);
    this.#track(edge.p);
    const ends = `${csvText(edge.from)},${csvText(edge.to)},${csvText(edge.type)}`;
    group.file.write(`${ends},${csvText(edge.id)},${csvText(edge.p.kind as string)},${version}${rowFields(edge.p, group.columns)}`);
  }

  #nodeLabels(kind: string): string[] {
    return [NODE_LABEL, ...this.#labelsOf(kind).filter((label) => label !== NODE_LABEL)];
  }

  /** The group of a row of a shape not seen yet under `name`, by its signature; remembered in `shapes`. */
  #resolve(shapes: RowShapes<Group>, name: string, prefix: string, props: StoredProps, labels: (() => string[]) | null): ShapeMatch<Group> {
    const split = splitProps(props);
    const group = this.#group(prefix, split, labels);
    shapes.add(name, props, group);
    return { group, fixup: split.fixup };
  }

  #track(props: StoredProps): void {
    if (this.#multiline) return;
    for (const key of Object.keys(props)) if (hasText(props[key] as StoredProps[string])) this.#multiline = true;
  }

  /** The group of a row shape; rows whose keys differ only in order share one (canonical) group. */
  #group(prefix: string, split: Split, labels: (() => string[]) | null): Group {
    const signature = `${prefix}${split.signature}`;
    const known = this.#groups.get(signature);
    if (known !== undefined) return known;
    const sorted = canonical(split.columns);
    const key = `${prefix}${sorted.map((column) => `\u0000${column.key}\u0001${column.type}`).join('')}`;
    let group = this.#groups.get(key);
    if (group === undefined) {
      group = labels === null ? this.#newEdgeGroup(sorted) : this.#newNodeGroup(sorted, labels());
      this.#groups.set(key, group);
    }
    this.#groups.set(signature, group);
    return group;
  }

  #newNodeGroup(columns: readonly Column[], labels: readonly string[]): Group {
    const name = `nodes-${this.#nodeGroups.length + 1}`;
    const header = ['id:ID', 'kind', '_version:long', ...propertyHeader(columns)].join(',');
    const group = { file: new CsvFile(join(this.#dir, `${name}.header.csv`), join(this.#dir, `${name}.csv`), header), columns, labels };
    this.#nodeGroups.push(group);
    return group;
  }

  #newEdgeGroup(columns: readonly Column[]): Group {
    const name = `edges-${this.#edgeGroups.length + 1}`;
    const header = [':START_ID', ':END_ID', ':TYPE', 'id', 'kind', '_version:long', ...propertyHeader(columns)].join(',');
    const group = { file: new CsvFile(join(this.#dir, `${name}.header.csv`), join(this.#dir, `${name}.csv`), header), columns, labels: [] };
    this.#edgeGroups.push(group);
    return group;
  }

  #fixup(entry: Fixup): void {
    this.#fixupFd ??= openSync(join(this.#dir, 'fixups.jsonl'), 'w');
    writeSync(this.#fixupFd, `${encodeFixup(entry)}\n`);
    this.#fixupCount += 1;
  }

  finish(): ImportFiles {
    for (const group of [...this.#nodeGroups, ...this.#edgeGroups]) group.file.close();
    if (this.#fixupFd !== undefined) closeSync(this.#fixupFd);
    const meta = new CsvFile(join(this.#dir, 'meta.header.csv'), join(this.#dir, 'meta.csv'), 'id,value:long');
    meta.write(`version,${this.#version}`);
    meta.close();
    const group = (g: Group): NodeFileGroup => ({ labels: g.labels, header: g.file.header, data: g.file.data, rows: g.file.rows });
    const files: ImportFiles = {
      dir: this.#dir,
      nodeFiles: this.#nodeGroups.map(group),
      edgeFiles: this.#edgeGroups.map((g) => ({ header: g.file.header, data: g.file.data, rows: g.file.rows })),
      metaFile: { labels: [META_LABEL], header: meta.header, data: meta.data, rows: 1 },
      fixups: this.#fixupFd === undefined ? null : join(this.#dir, 'fixups.jsonl'),
      fixupCount: this.#fixupCount,
      multiline: this.#multiline,
      arrayDelimiter: ARRAY_DELIMITER,
      nodes: this.#nodes,
      edges: this.#edges,
      version: this.#version,
      types: [...this.#types].sort(),
    };
    writeFileSync(join(this.#dir, 'import.json'), `${JSON.stringify(files, null, 2)}\n`);
    return files;
  }

  abort(): void {
    for (const group of [...this.#nodeGroups, ...this.#edgeGroups]) group.file.close();
    if (this.#fixupFd !== undefined) closeSync(this.#fixupFd);
  }
}

/**
 * Writes `batches` (the stream Neo4jStore.write would take, e.g. a generated
 * city or a store's export) as import files in `options.dir`.
 */
export async function writeImportFiles(batches: Iterable<WriteBatch> | AsyncIterable<WriteBatch>, options: WriteImportFilesOptions): Promise<ImportFiles> {
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  const writer = new ImportFileWriter(dir, options.labelsOf);
  try {
    for await (const batch of batches) writer.add(batch);
  } catch (error) {
    writer.abort();
    throw error;
  }
  return writer.finish();
}
