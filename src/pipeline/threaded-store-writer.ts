/**
 * Store writes off the loop's thread. The embedded store (better-sqlite3) is
 * synchronous: a micro-batch commit blocks the thread that runs it, for
 * 46–100 µs per event on this machine, most of it waiting on the file system
 * (docs/SCALING.md "Where the CPU goes"). Run in the loop's thread, every
 * commit stalls scoring, acknowledgements and decisions behind it. This
 * writer runs the commits in a worker thread (store-writer-thread.ts) with its
 * own connection to the same file, so the loop only hands batches over. It
 * satisfies the store stage's `Pick<GraphStore, 'write'>`; the store stage
 * keeps its writes in flight (at most two) and its back-pressure bound, and the
 * thread applies requests in the order they were posted, so the guarantees of
 * src/pipeline/README.md hold unchanged.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ERROR_CODES, EngineError, type ErrorCode } from '../core/index.js';
import type { GraphStore, WriteBatch, WriteResult } from '../graph/port.js';
import type { StoreWriterData, WriterFailure, WriterReply, WriterRequest } from './store-writer-thread.js';

export interface ThreadedStoreWriterOptions {
  /** The embedded store's SQLite file (it must exist with its schema, as `openEmbeddedStore` creates it). */
  readonly path: string;
  /** As `EmbeddedStoreOptions.synchronous` (default 'full'). */
  readonly synchronous?: 'full' | 'normal';
}

export interface ThreadedStoreWriter extends Pick<GraphStore, 'write'> {
  /** Waits for the writes sent so far, closes the thread's connection and stops the thread. */
  close(): Promise<void>;
}

type Pending = { resolve: (reply: WriterReply) => void };

function errorOf(failure: WriterFailure, path: string): EngineError {
  const code = failure.code !== undefined && failure.code in ERROR_CODES ? (failure.code as ErrorCode) : 'CG_STORE_WRITE_FAILED';
  return new EngineError(code, failure.message, { details: { ...failure.details, path } });
}

/**
 * Starts the worker on its entry: the compiled `.js` beside this module; or,
 * when this module runs from source (tsx, vitest), the `.ts` source through
 * tsx's `tsImport` (worker threads do not inherit the parent's module hooks).
 */
function startWorker(data: StoreWriterData): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./store-writer-thread.js', import.meta.url), { workerData: data });
  const source = new URL('./store-writer-thread.ts', import.meta.url).href;
  // tsx's ESM API (its exports map puts index.mjs beside the index.cjs that require resolves); its CJS build cannot load from an eval'd worker.
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const script = `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}));`;
  return new Worker(script, { eval: true, workerData: data });
}

/** Starts the writer thread and resolves once it has opened the store. */
export async function openThreadedStoreWriter(options: ThreadedStoreWriterOptions): Promise<ThreadedStoreWriter> {
  const worker = startWorker({ civgraphStoreWriter: true, path: options.path, synchronous: options.synchronous ?? 'full' });
  const pending = new Map<number, Pending>();
  let next = 1;
  let dead: EngineError | undefined;
  const fail = (why: string, cause?: unknown): void => {
    dead ??= new EngineError('CG_STORE_WRITE_FAILED', `the store writer thread stopped: ${why}`, { details: { path: options.path }, cause });
    for (const p of pending.values()) p.resolve({ id: 0, error: { code: dead.code, message: dead.message } });
    pending.clear();
  };
  worker.on('message', (reply: WriterReply) => {
    pending.get(reply.id)?.resolve(reply);
    pending.delete(reply.id);
  });
  worker.on('error', (error) => fail(error.message, error));
  worker.on('exit', (code) => fail(`exit code ${code}`));
  const send = (request: Omit<WriterRequest, 'id'>): Promise<WriterReply> => {
    if (dead !== undefined) return Promise.resolve({ id: 0, error: { code: dead.code, message: dead.message } });
    const id = next++;
    return new Promise((resolve) => {
      pending.set(id, { resolve });
      worker.postMessage({ ...request, id });
    });
  };
  const opened = await new Promise<WriterReply>((resolve) => pending.set(0, { resolve }));
  if ('error' in opened) {
    await worker.terminate();
    throw errorOf(opened.error, options.path);
  }
  return {
    async write(batch: WriteBatch): Promise<WriteResult> {
      const reply = await send({ batch });
      if ('error' in reply) throw errorOf(reply.error, options.path);
      return reply.result as WriteResult;
    },
    async close() {
      if (dead === undefined) await send({ close: true });
      await worker.terminate();
    },
  };
}
