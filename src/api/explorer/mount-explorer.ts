import type { Express, Response } from 'express';
import { explorerPage } from './explorer-page.js';

/** The explorer's bundled script and stylesheet (esbuild output, no CDN). */
export interface ExplorerAssets {
  readonly js: string;
  readonly css: string;
}

/** Strict same-origin policy: the page loads only our own script, style and API. */
const CSP = ["default-src 'none'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:", "connect-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"].join('; ');

function secure(res: Response): Response {
  return res.set({ 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' });
}

/**
 * Serves the explorer (DESIGN.md §9) at `/` and its assets under `/explorer/`. Without assets the
 * page says how to build them; the API itself is unaffected. Inline styles are allowed only
 * because Cytoscape.js sizes its canvas layers with style attributes.
 */
export function mountExplorer(app: Express, assets: ExplorerAssets | undefined): void {
  app.get('/', (_req, res) => {
    secure(res).type('html').send(explorerPage({ built: assets !== undefined }));
  });
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  if (assets === undefined) return;
  app.get('/explorer/explorer.js', (_req, res) => {
    secure(res).type('text/javascript').set('cache-control', 'no-cache').send(assets.js);
  });
  app.get('/explorer/explorer.css', (_req, res) => {
    secure(res).type('text/css').set('cache-control', 'no-cache').send(assets.css);
  });
}
