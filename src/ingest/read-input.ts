/**
 * Dispatches one input to its adapter (a lookup map over formats, no if/else
 * chain) with the per-format options taken from the run options.
 */
import { EngineError } from '../core/index.js';
import type { MappingFile } from './declarative/mapping-spec.js';
import { cefAdapter } from './sources/cef/adapter.js';
import { csvAdapter } from './sources/csv/adapter.js';
import { assertCsvMapping } from './sources/csv/mapping.js';
import { jsonMappingAdapter } from './sources/json-mapping/adapter.js';
import { assertJsonMapping } from './sources/json-mapping/mapping.js';
import type { BundledContexts } from './sources/ngsi-ld/context-resolver.js';
import { ngsiAdapter } from './sources/ngsi-ld/adapter.js';
import { rdfAdapter } from './sources/rdf/adapter.js';
import { scadaAdapter } from './sources/scada/adapter.js';
import { senmlAdapter } from './sources/senml/adapter.js';
import { stixAdapter } from './sources/stix/adapter.js';
import type { Quad } from 'n3';
import type { AdapterInput, AdapterItem, IngestFormat } from './types.js';

export interface ReadOptions {
  readonly contexts: BundledContexts;
  readonly mapping?: MappingFile;
  readonly mappingFile?: string;
  /** SenML "now" (seconds) for relative times. */
  readonly now: number;
  /** SCADA id prefix. */
  readonly scadaSystem: string;
  readonly onQuads?: (quads: readonly Quad[], source: string) => void;
}

function requireMapping(format: IngestFormat, options: ReadOptions): MappingFile {
  if (!options.mapping) throw new EngineError('CG_INGEST_MAPPING_INVALID', `format ${format} needs a mapping file (--mapping FILE)`, { details: { format } });
  const file = options.mappingFile ?? '<mapping>';
  return format === 'csv' ? assertCsvMapping(options.mapping, file) : assertJsonMapping(options.mapping, file);
}

const READERS: Readonly<Record<IngestFormat, (input: AdapterInput, options: ReadOptions) => AsyncIterable<AdapterItem>>> = {
  'ngsi-ld': (input, o) => ngsiAdapter.read(input, { contexts: o.contexts }),
  senml: (input, o) => senmlAdapter.read(input, { now: o.now }),
  csv: (input, o) => csvAdapter.read(input, { mapping: requireMapping('csv', o) }),
  stix: (input) => stixAdapter.read(input, undefined),
  cef: (input) => cefAdapter.read(input, undefined),
  scada: (input, o) => scadaAdapter.read(input, { system: o.scadaSystem }),
  'json-mapping': (input, o) => jsonMappingAdapter.read(input, { mapping: requireMapping('json-mapping', o) }),
  rdf: (input, o) => rdfAdapter.read(input, { contexts: o.contexts, ...(o.onQuads ? { onQuads: o.onQuads } : {}) }),
};

export function readInput(format: IngestFormat, input: AdapterInput, options: ReadOptions): AsyncIterable<AdapterItem> {
  return READERS[format](input, options);
}
