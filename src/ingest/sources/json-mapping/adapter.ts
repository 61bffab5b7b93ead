/**
 * Generic vendor JSON adapter: selects the records (schema.ts) and maps each
 * through the declarative mapping; JSON Lines input maps line by line, so one
 * bad line is one rejected record with its line number.
 */
import { evaluateMapping } from '../../declarative/evaluate-mapping.js';
import type { MappingFile } from '../../declarative/mapping-spec.js';
import { rejected } from '../../record-helpers.js';
import type { AdapterInput, AdapterItem, SourceAdapter } from '../../types.js';
import { selectRecords } from './schema.js';

export interface JsonMappingAdapterOptions {
  readonly mapping: MappingFile;
}

function* jsonLines(input: AdapterInput, mapping: MappingFile): Generator<AdapterItem> {
  const lines = input.text.split(/\r?\n/);
  let index = 0;
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const location = { source: input.source, file: input.source, line: i + 1 };
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      yield rejected(index++, 'CG_INGEST_SYNTAX', `not JSON: ${(error as Error).message}`, location, line);
      continue;
    }
    const item = evaluateMapping({ json }, mapping.record, mapping.source, { index, location, payload: json });
    index += 1;
    if (item) yield item;
  }
}

export const jsonMappingAdapter: SourceAdapter<JsonMappingAdapterOptions> = {
  format: 'json-mapping',
  async *read(input: AdapterInput, options: JsonMappingAdapterOptions): AsyncIterable<AdapterItem> {
    let document: unknown;
    try {
      document = JSON.parse(input.text);
    } catch {
      yield* jsonLines(input, options.mapping);
      return;
    }
    const slice = selectRecords(document, options.mapping.records);
    if (typeof slice === 'string') {
      yield rejected(0, 'CG_INGEST_RECORD_INVALID', slice, { source: input.source, pointer: options.mapping.records ?? '' }, null);
      return;
    }
    for (const [index, json] of slice.records.entries()) {
      const item = evaluateMapping({ json }, options.mapping.record, options.mapping.source, { index, location: { source: input.source, pointer: slice.pointerOf(index) }, payload: json });
      if (item) yield item;
    }
  },
};
