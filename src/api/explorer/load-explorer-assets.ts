import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExplorerAssets } from './mount-explorer.js';

/** The client sources esbuild bundles (plain ES modules: the project's tsconfig has no DOM lib). */
export function explorerClientDir(rootDir: string): string {
  return join(rootDir, 'src', 'api', 'explorer', 'client');
}

/** Reads assets built by `npm run build:explorer` (dist/explorer/); undefined when absent. */
export async function readExplorerAssets(dir: string): Promise<ExplorerAssets | undefined> {
  try {
    const [js, css] = await Promise.all([readFile(join(dir, 'explorer.js'), 'utf8'), readFile(join(dir, 'explorer.css'), 'utf8')]);
    return { js, css };
  } catch {
    return undefined;
  }
}

interface EsbuildOutput {
  readonly path: string;
  readonly text: string;
}
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ readonly outputFiles?: readonly EsbuildOutput[] }>;
}

/**
 * Bundles the client in memory with esbuild (a development dependency), so a checkout serves the
 * explorer without a build step. Undefined when esbuild is not installed (production installs
 * ship dist/explorer/ instead).
 */
export async function bundleExplorerAssets(rootDir: string): Promise<ExplorerAssets | undefined> {
  let esbuild: Esbuild;
  try {
    esbuild = (await import('esbuild')) as unknown as Esbuild;
  } catch {
    return undefined;
  }
  const dir = explorerClientDir(rootDir);
  const result = await esbuild.build({
    entryPoints: [join(dir, 'explorer.js'), join(dir, 'explorer.css')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    outdir: join(rootDir, 'dist', 'explorer'),
    write: false,
    logLevel: 'silent',
  });
  const files = result.outputFiles ?? [];
  const js = files.find((f) => f.path.endsWith('.js'))?.text;
  const css = files.find((f) => f.path.endsWith('.css'))?.text;
  return js !== undefined && css !== undefined ? { js, css } : undefined;
}
