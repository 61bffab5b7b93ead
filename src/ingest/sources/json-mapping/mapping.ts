/**
 * Vendor JSON has no built-in mapping: each vendor format brings a declarative
 * mapping file (`format: "json-mapping"`, e.g. fixtures/mappings/vendor-gateway.json)
 * whose value sources are JSON pointers relative to the record or JSONPath.
 */
import { EngineError } from '../../../core/index.js';
import type { MappingFile } from '../../declarative/mapping-spec.js';

export function assertJsonMapping(mapping: MappingFile, file: string): MappingFile {
  if (mapping.format !== 'json-mapping') {
    throw new EngineError('CG_INGEST_MAPPING_INVALID', `mapping ${file} is for ${mapping.format}, not json-mapping`, { details: { file, pointer: '/format' } });
  }
  return mapping;
}
