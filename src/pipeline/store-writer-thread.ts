/**
 * The worker-thread side of `openThreadedStoreWriter` (threaded-store-writer.ts):
 * opens its own connection to the embedded store's SQLite file and applies each
 * write batch it is sent, replying with the result or the error's code. SQLite
 * in WAL mode lets this connection write while the main thread's connection
 * reads; the main store notices the writes by `PRAGMA data_version`
 * (src/graph/embedded/embedded-store.ts). Runs only as a worker started with
 * the writer's marker in `workerData`; importing it anywhere else does nothing.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { isEngineError } from '../core/index.js';
import { openEmbeddedStore } from '../graph/embedded/index.js';
import type { WriteBatch, WriteResult } from '../graph/port.js';
import { labelsOf } from '../ontology/index.js';

/** What the main thread passes in `workerData`. */
export interface StoreWriterData {
  readonly civgraphStoreWriter: true;
  readonly path: string;
  readonly synchronous: 'full' | 'normal';
}

/** An error as it crosses the thread boundary (EngineError code, message, details). */
export interface WriterFailure {
  readonly code?: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type WriterRequest = { readonly id: number; readonly batch: WriteBatch } | { readonly id: number; readonly close: true };
export type WriterReply =
  | { readonly id: number; readonly result?: WriteResult; readonly closed?: true }
  | { readonly id: number; readonly error: WriterFailure };

const isWriterData = (v: unknown): v is StoreWriterData => typeof v === 'object' && v !== null && (v as Partial<StoreWriterData>).civgraphStoreWriter === true;

function failureOf(error: unknown): WriterFailure {
  if (isEngineError(error)) return { code: error.code, message: error.message, details: error.details };
  return { message: error instanceof Error ? error.message : String(error) };
}

/** Serves write requests on `port` until a close request; the reply to id 0 says the store opened (or why not). */
function serve(port: MessagePort, data: StoreWriterData): void {
  let store: ReturnType<typeof openEmbeddedStore>;
  try {
    store = openEmbeddedStore({ path: data.path, labelsOf, synchronous: data.synchronous });
  } catch (error) {
    port.postMessage({ id: 0, error: failureOf(error) } satisfies WriterReply);
    return;
  }
  port.postMessage({ id: 0 } satisfies WriterReply);
  port.on('message', (request: WriterRequest) => {
    if ('close' in request) {
      void store.close().then(() => {
        port.postMessage({ id: request.id, closed: true } satisfies WriterReply);
        port.close();
      });
      return;
    }
    try {
      port.postMessage({ id: request.id, result: store.bulkWrite(request.batch) } satisfies WriterReply);
    } catch (error) {
      port.postMessage({ id: request.id, error: failureOf(error) } satisfies WriterReply);
    }
  });
}

if (parentPort !== null && isWriterData(workerData)) serve(parentPort, workerData);
