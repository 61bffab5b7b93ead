import type { NodeRecord } from '../../graph/port.js';
import { listAssets, type AssetFilter } from '../services/list-assets.js';
import { connection, type ConnectionView, type Resolver } from './resolver-types.js';

interface ListArgs {
  readonly filter?: AssetFilter | null;
  readonly first: number;
  readonly after?: string | null;
}

/** A listing resolver over the nodes carrying `label` (an ontology class). */
function listing(label: string): Resolver<unknown, ListArgs, ConnectionView<NodeRecord>> {
  return async (_source, args, context) => {
    const page = await listAssets(context.services.store, label, args);
    for (const item of page.items) context.loaders.node.prime(item.node.id, item.node);
    return connection(page.items, page);
  };
}

/** `assets`, `devices`, `services`: filtered Relay connections (DESIGN.md §9). */
export const listResolvers = {
  Query: {
    assets: listing('Asset'),
    devices: listing('Device'),
    services: listing('Service'),
  },
};
