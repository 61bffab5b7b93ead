/**
 * Reads and validates a declarative mapping file (fixtures/mappings/*.json).
 * Every problem is reported at once with its JSON pointer in the file, as an
 * EngineError CG_INGEST_MAPPING_INVALID (a bad mapping is an operational error:
 * nothing could be mapped with it).
 */
import { readFile } from 'node:fs/promises';
import { EngineError } from '../../core/index.js';
import { parseJsonPath } from './json-path.js';
import { mappingFileSchema, type MappingFile } from './mapping-spec.js';

function pathsIn(value: unknown, at: string, out: { pointer: string; path: string }[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => pathsIn(v, `${at}/${i}`, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'path' && typeof v === 'string') out.push({ pointer: `${at}/path`, path: v });
      else pathsIn(v, `${at}/${k}`, out);
    }
  }
}

/** Validates a parsed mapping document; `file` names it in errors. */
export function parseMapping(document: unknown, file: string): MappingFile {
  const result = mappingFileSchema.safeParse(document);
  const problems = result.success
    ? []
    : result.error.issues.map((i) => `${i.path.length ? `/${i.path.join('/')}` : '/'}: ${i.message}`);
  const paths: { pointer: string; path: string }[] = [];
  pathsIn(document, '', paths);
  for (const p of paths) {
    const parsed = parseJsonPath(p.path);
    if (typeof parsed === 'string') problems.push(`${p.pointer}: ${parsed}`);
  }
  if (!result.success || problems.length > 0) {
    throw new EngineError('CG_INGEST_MAPPING_INVALID', `mapping ${file} is invalid: ${problems.join('; ')}`, { details: { file, problems } });
  }
  return result.data;
}

export async function loadMapping(file: string): Promise<MappingFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new EngineError('CG_INGEST_INPUT_UNREADABLE', `cannot read mapping ${file}`, { details: { file }, cause: error });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new EngineError('CG_INGEST_MAPPING_INVALID', `mapping ${file} is not JSON: ${(error as Error).message}`, { details: { file }, cause: error });
  }
  return parseMapping(document, file);
}
