import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { EngineError } from '../core/index.js';
import type { Config } from '../config/index.js';
import type { GraphStore } from '../graph/port.js';
import { openEmbeddedStore } from '../graph/embedded/index.js';
import { labelsOf } from '../ontology/index.js';

type StoreOpener = (config: Readonly<Config>) => Promise<GraphStore>;

function openEmbedded(config: Readonly<Config>): Promise<GraphStore> {
  const path = resolve(config.store.path);
  if (!existsSync(dirname(path))) {
    throw new EngineError('CG_STORE_OPEN_FAILED', `cannot open embedded store ${config.store.path}: folder ${dirname(path)} does not exist`, {
      details: { path },
    });
  }
  return Promise.resolve(openEmbeddedStore({ path, labelsOf }));
}

const OPENERS: Readonly<Record<Config['store']['kind'], StoreOpener>> = {
  embedded: openEmbedded,
  neo4j: openNeo4jFromConfig,
};

function openNeo4jFromConfig(config: Readonly<Config>): Promise<GraphStore> {
  return Promise.reject(
    new EngineError('CG_STORE_UNAVAILABLE', `the neo4j store (${config.store.neo4j.uri}) is not part of this build yet; use --store embedded`),
  );
}

/**
 * Opens the graph store the configuration names. Only the CLI and the API
 * server call this: they are the composition roots (DESIGN.md §2).
 */
export function openStore(config: Readonly<Config>): Promise<GraphStore> {
  return OPENERS[config.store.kind](config);
}
