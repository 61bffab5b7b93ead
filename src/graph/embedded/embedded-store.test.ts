import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeGraphStoreContract, contractLabelsOf } from '../contract/index.js';
import { openEmbeddedStore } from './index.js';

describeGraphStoreContract('embedded', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'civgraph-embedded-'));
  const store = openEmbeddedStore({ path: join(folder, 'graph.db'), labelsOf: contractLabelsOf });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
});
