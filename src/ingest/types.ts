/**
 * Shared shapes of the ingest capability: what a source adapter yields and what
 * the lifecycle (run-ingest.ts) consumes. Adapters are pure: bytes in, mapped
 * records out, no store access (Cartography's get → transform split).
 */
import type { Diagnostic } from '../core/index.js';
import type { EdgeInput, NodeInput } from '../graph/port.js';

/** The formats an adapter exists for; `rdf` covers Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD. */
export const INGEST_FORMATS = ['ngsi-ld', 'senml', 'csv', 'stix', 'cef', 'scada', 'json-mapping', 'rdf'] as const;
export type IngestFormat = (typeof INGEST_FORMATS)[number];

/** Keys entity resolution matches on (serial number, MAC address, an id declared by another system). */
export interface IdentityKeys {
  readonly serial?: string;
  readonly mac?: string;
  readonly declaredId?: string;
}

/**
 * An edge whose far end is known only by a property value (an IP address in a
 * CEF event, a MAC): the lifecycle resolves it against the run and the store,
 * and drops it with a CG_INGEST_DANGLING_REFERENCE warning when nothing matches.
 */
export interface KeyedReference {
  readonly kind: string;
  readonly from: string;
  readonly key: 'ip' | 'mac' | 'serial';
  readonly value: string;
}

/** One source record mapped onto the ontology: nodes and edges for the store plus warnings. */
export interface MappedRecord {
  readonly type: 'record';
  /** 0-based index of the record in its input. */
  readonly index: number;
  readonly nodes: readonly NodeInput[];
  /**
   * Nodes this record refers to and creates only when the store and the run do
   * not already hold them (e.g. the PLC a SCADA tag reports to); never overwrite.
   */
  readonly ensureNodes: readonly NodeInput[];
  readonly edges: readonly EdgeInput[];
  readonly references: readonly KeyedReference[];
  /** Warnings that did not reject the record (e.g. an unparseable optional field). */
  readonly diagnostics: readonly Diagnostic[];
  /** Identity keys per node id, for entity resolution. */
  readonly identities?: Readonly<Record<string, IdentityKeys>>;
}

/** A record that could not be mapped: it goes to the dead-letter store with its diagnostic. */
export interface RejectedRecord {
  readonly type: 'rejected';
  readonly index: number;
  readonly diagnostic: Diagnostic;
  /** The raw record (parsed JSON, CSV row object or text line), kept for replay. */
  readonly payload: unknown;
}

/** A record deliberately not mapped (a type outside the ontology, or folded into another record). */
export interface SkippedRecord {
  readonly type: 'skipped';
  readonly index: number;
  readonly reason: string;
}

export type AdapterItem = MappedRecord | RejectedRecord | SkippedRecord;

/** What every adapter receives: the input text and where it came from. */
export interface AdapterInput {
  /** File path or label used in diagnostics. */
  readonly source: string;
  readonly text: string;
}

/** A source adapter: parse and map one input into a stream of mapped or rejected records. */
export interface SourceAdapter<Options = undefined> {
  readonly format: IngestFormat;
  read(input: AdapterInput, options: Options): AsyncIterable<AdapterItem>;
}
