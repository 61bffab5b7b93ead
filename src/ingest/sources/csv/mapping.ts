/**
 * CSV sources have no built-in mapping: each inventory brings its own
 * declarative mapping file (fixtures/mappings/*.json). This module only
 * checks that a mapping is meant for CSV.
 */
import { EngineError } from '../../../core/index.js';
import type { MappingFile } from '../../declarative/mapping-spec.js';

export function assertCsvMapping(mapping: MappingFile, file: string): MappingFile {
  if (mapping.format !== 'csv') {
    throw new EngineError('CG_INGEST_MAPPING_INVALID', `mapping ${file} is for ${mapping.format}, not csv`, { details: { file, pointer: '/format' } });
  }
  return mapping;
}
