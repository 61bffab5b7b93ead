import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { GraphStore } from '../../graph/port.js';
import { bundledContextsDir, loadBundledContexts, memoryDeadLetter, runIngest } from '../../ingest/index.js';
import { loadShapes } from '../../ontology/index.js';
import type { DemoIngest } from './demo-report.js';

/** The real-format sample the demo ingests: BATADAL's SCADA tag table (C-Town, 43 tags). */
export const DEMO_SAMPLE = 'fixtures/sources/scada/batadal-scada-tags.csv';

/** The package root, from this file in src/cli/demo/ or dist/cli/demo/. */
export function packageRoot(): string {
  return fileURLToPath(new URL('../../../', import.meta.url));
}

/**
 * Semantic-layer stage of the demo: a real SCADA tag table (tag → element →
 * PLC) goes through the whole ingest lifecycle — parse, map, SHACL-validate,
 * write — beside the simulated city.
 */
export async function ingestStage(store: GraphStore): Promise<DemoIngest> {
  const root = packageRoot();
  const summary = await runIngest({
    store,
    inputs: [join(root, DEMO_SAMPLE)],
    format: 'scada',
    scadaSystem: 'ctown',
    contexts: await loadBundledContexts(bundledContextsDir(root)),
    shapes: await loadShapes({ dir: join(root, 'ontology') }),
    deadLetter: memoryDeadLetter(),
    linkKnowledge: false,
  });
  return {
    source: DEMO_SAMPLE,
    format: 'scada',
    accepted: summary.accepted,
    merged: summary.merged,
    rejected: summary.rejected,
    nodesWritten: summary.nodesWritten,
    edgesWritten: summary.edgesWritten,
    diagnostics: summary.diagnostics.filter((d) => d.severity === 'error').length,
  };
}
