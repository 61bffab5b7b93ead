/**
 * The ingest capability's only public entry: source adapters (one folder per
 * format under sources/), the lifecycle `runIngest`, the dead-letter store,
 * RDF import/export, inference and ATT&CK → D3FEND linking.
 */
export { INGEST_FORMATS, type IngestFormat, type AdapterItem, type AdapterInput, type MappedRecord, type RejectedRecord, type SkippedRecord, type KeyedReference, type IdentityKeys, type SourceAdapter } from './types.js';
export { runIngest, type RunIngestOptions, type IngestSummary, type FileSummary } from './run-ingest.js';
export type { IngestInput, InlineInput } from './fetch-inputs.js';
export { detectFormat } from './detect-format.js';
export { fileDeadLetter, memoryDeadLetter, type DeadLetterEntry, type DeadLetterSink } from './dead-letter.js';
export type { MergeRecord } from './entity-resolver.js';
export { reconcile, type ReconcileOptions, type ReconcileResult } from './reconcile.js';
export { linkCountermeasures, LINK_SCOPE } from './link-countermeasures.js';
export { loadMapping, parseMapping } from './declarative/load-mapping.js';
export type { MappingFile, Transform, ValueSource } from './declarative/mapping-spec.js';
export { bundledContextsDir, loadBundledContexts } from './sources/ngsi-ld/bundled-contexts.js';
export type { BundledContexts } from './sources/ngsi-ld/context-resolver.js';
export { ngsiAdapter } from './sources/ngsi-ld/adapter.js';
export { NGSI_TYPE_MAPPINGS } from './sources/ngsi-ld/mapping.js';
export { senmlAdapter } from './sources/senml/adapter.js';
export { csvAdapter } from './sources/csv/adapter.js';
export { stixAdapter } from './sources/stix/adapter.js';
export { cefAdapter } from './sources/cef/adapter.js';
export { scadaAdapter } from './sources/scada/adapter.js';
export { jsonMappingAdapter } from './sources/json-mapping/adapter.js';
export { rdfAdapter } from './sources/rdf/adapter.js';
export { parseRdf, rdfSyntaxOf, RDF_SYNTAXES, type RdfSyntax, type ParseRdfResult } from './rdf/parse-rdf.js';
export { inferClosure, type InferredTriple, type InferenceRule } from './rdf/infer.js';
export { graphToQuads, nodeToQuads, edgeToQuads, idToIri, iriToId } from './rdf/graph-to-rdf.js';
export { canonicalNQuads } from './rdf/canonical-nquads.js';
export { exportGraph, quadsToTurtle, quadsToJsonLd, type ExportFormat, type ExportGraphOptions } from './rdf/export-graph.js';
