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

async function openNeo4jFromConfig(config: Readonly<Config>): Promise<GraphStore> {
  const { openNeo4jStore } = await import('../graph/neo4j/index.js');
  const { uri, user, password, database, batchSize } = config.store.neo4j;
  // An empty password means auth off (a local launcher); anything else is sent as given.
  return openNeo4jStore({ uri, user, password: password === '' ? null : password, database, batchSize, labelsOf });
}

/**
 * Opens the graph store the configuration names. Only the CLI and the API
 * server call this: they are the composition roots (DESIGN.md §2).
 */
export function openStore(config: Readonly<Config>): Promise<GraphStore> {
  return OPENERS[config.store.kind](config);
}
