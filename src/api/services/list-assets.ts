import type { GraphStore, NodeFilter, NodeRecord } from '../../graph/port.js';
import { NODE_KIND_ANCESTORS, isNodeKind } from '../../ontology/index.js';
import { decodeApiCursor, encodeApiCursor, pageSize } from './page-cursor.js';

export const MAX_PAGE = 500;

/** The GraphQL `AssetFilter` input. */
export interface AssetFilter {
  readonly domain?: string | null;
  readonly zone?: string | null;
  readonly kind?: string | null;
  readonly label?: string | null;
  readonly search?: string | null;
}

export interface AssetPageItem {
  readonly cursor: string;
  readonly node: NodeRecord;
}

/** A Relay connection page of nodes (GraphQL `GraphNodeConnection`). */
export interface AssetPage {
  readonly items: readonly AssetPageItem[];
  readonly totalCount: number;
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly truncated: boolean;
}

/** The narrower of the listing's label and the filter's, or null when no node can carry both. */
function narrowLabel(base: string, label: string | null | undefined): string | null {
  if (!label || label === base) return base;
  const isUnder = (kind: string, ancestor: string): boolean => isNodeKind(kind) && (NODE_KIND_ANCESTORS[kind] as readonly string[]).includes(ancestor);
  if (isUnder(label, base)) return label;
  if (isUnder(base, label)) return base;
  return null;
}

function storeFilter(label: string, filter: AssetFilter | null | undefined): NodeFilter {
  const props: Record<string, string> = {};
  if (filter?.domain) props['domain'] = filter.domain;
  if (filter?.zone) props['zone'] = filter.zone;
  return {
    labels: [label],
    ...(filter?.kind ? { kinds: [filter.kind] } : {}),
    ...(Object.keys(props).length > 0 ? { props } : {}),
    ...(filter?.search ? { search: filter.search } : {}),
  };
}

/**
 * Lists nodes under `baseLabel` (Asset, Device, Service) with the API filters, as a Relay page.
 * A `label` filter narrows within the base label: a node must carry both (ontology subclasses).
 */
export async function listAssets(
  store: GraphStore,
  baseLabel: string,
  args: { readonly filter?: AssetFilter | null; readonly first: number; readonly after?: string | null },
): Promise<AssetPage> {
  const first = pageSize(args.first, MAX_PAGE);
  const cursor = decodeApiCursor(args.after);
  const label = narrowLabel(baseLabel, args.filter?.label);
  if (label === null) return { items: [], totalCount: 0, hasNextPage: false, hasPreviousPage: false, truncated: false };
  const filter = storeFilter(label, args.filter);
  const page = await store.listNodes(filter, { first: cursor.skip + first, ...(cursor.after === null ? {} : { after: cursor.after }) });
  const wanted = page.items.slice(cursor.skip);
  const items = wanted.map((node, i) => ({
    node,
    cursor:
      i === wanted.length - 1 && page.endCursor !== null && cursor.skip + i + 1 === page.items.length
        ? encodeApiCursor({ after: page.endCursor, skip: 0 })
        : encodeApiCursor({ after: cursor.after, skip: cursor.skip + i + 1 }),
  }));
  const hasPreviousPage = cursor.after !== null || cursor.skip > 0;
  return { items, totalCount: page.totalCount, hasNextPage: page.hasNextPage, hasPreviousPage, truncated: page.hasNextPage || hasPreviousPage };
}
