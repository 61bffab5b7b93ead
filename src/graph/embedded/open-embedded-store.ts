/**
 * Opens (creating when absent) the embedded store's SQLite file. Failures
 * become CG_STORE_OPEN_FAILED naming the path and the reason, never a raw
 * SQLite error.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { EngineError } from '../../core/index.js';
import { EmbeddedStore } from './embedded-store.js';
import { SCHEMA_VERSION, applyPragmas, ensureSchema } from './schema.js';

export interface EmbeddedStoreOptions {
  /** The database file; created with its schema when absent (unless read-only). */
  readonly path: string;
  /** Node labels of a kind: the kind and its ontology superclasses (src/ontology `labelsOf`). */
  readonly labelsOf: (kind: string) => readonly string[];
  /** Open an existing store for reading only; writes throw CG_STORE_WRITE_FAILED. */
  readonly readonly?: boolean;
  /**
   * 'full' (default): a batch survives process kill and OS crash once `write`
   * resolves. 'normal': it survives process kill (SIGKILL) but the last batches
   * may be lost on an OS crash or power cut; faster for re-runnable bulk loads.
   */
  readonly synchronous?: 'full' | 'normal';
}

function openFailed(path: string, why: string, cause?: unknown): EngineError {
  return new EngineError('CG_STORE_OPEN_FAILED', `Cannot open the embedded store ${path}: ${why}`, {
    details: { path, reason: why },
    cause,
  });
}

/** Why the file cannot be created or written, before SQLite says it less clearly. */
function checkLocation(path: string, readonly: boolean): void {
  const folder = dirname(resolve(path));
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch (error) {
    throw openFailed(path, `the folder ${folder} does not exist`, error);
  }
  if (!isFolder) throw openFailed(path, `${folder} is not a folder`);
  if (readonly) return;
  try {
    accessSync(folder, constants.W_OK);
  } catch (error) {
    throw openFailed(path, `the folder ${folder} is not writable`, error);
  }
}

/** Opens the store synchronously; see src/graph/embedded/README.md for the guarantees. */
export function openEmbeddedStore(options: EmbeddedStoreOptions): EmbeddedStore {
  const { path } = options;
  const readonly = options.readonly ?? false;
  if (path !== ':memory:') checkLocation(path, readonly);
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly, fileMustExist: readonly });
    applyPragmas(db, readonly, options.synchronous ?? 'full');
    const found = ensureSchema(db, readonly);
    if (found !== SCHEMA_VERSION) {
      const why =
        found === 0 ? 'the file holds no CivGraph schema' : `schema version ${found} is not supported (expected ${SCHEMA_VERSION})`;
      throw openFailed(path, why);
    }
    return new EmbeddedStore(path, db, options.labelsOf, readonly);
  } catch (error) {
    db?.close();
    if (error instanceof EngineError) throw error;
    throw openFailed(path, error instanceof Error ? error.message : String(error), error);
  }
}
