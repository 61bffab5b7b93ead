import type { Express } from 'express';
import type { GraphStore } from '../graph/port.js';
import type { Projection } from '../graph/projection/index.js';

/**
 * `GET /health`: liveness (the process answers). `GET /ready`: the store answers and the
 * projection is built; 503 with the reason otherwise, and while shutting down.
 */
export function mountProbes(app: Express, options: { readonly store: GraphStore; readonly projection: Projection; readonly isStopping: () => boolean }): void {
  app.get('/health', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    res.set('cache-control', 'no-store');
    if (options.isStopping()) {
      res.status(503).json({ status: 'stopping' });
      return;
    }
    try {
      const storeVersion = await options.store.version();
      res.json({ status: 'ready', store: options.store.kind, storeVersion, projectionVersion: options.projection.version, nodes: options.projection.liveNodeCount });
    } catch {
      res.status(503).json({ status: 'unavailable', reason: `${options.store.description} does not answer` });
    }
  });
}
