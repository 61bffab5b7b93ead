import type { Express } from 'express';

/**
 * `GET /metrics` in the Prometheus text exposition format (version 0.0.4), rendered by the
 * caller's `metrics()` (the live loop's counters). Unauthenticated, like Prometheus scrapes
 * usually are: bind the server to loopback or a private network when that matters.
 */
export function mountMetrics(app: Express, metrics: (() => string) | undefined): void {
  if (metrics === undefined) return;
  app.get('/metrics', (_req, res) => {
    res.set('cache-control', 'no-store').type('text/plain; version=0.0.4; charset=utf-8').send(metrics());
  });
}
