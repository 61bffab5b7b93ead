import { graphqlRuntime } from '../graphql-runtime.js';
import { EngineError } from '../../core/index.js';
import type { NodeRecord, Props } from '../../graph/port.js';
import { DOMAINS } from '../../ontology/index.js';
import { listNeighbours, type NeighbourDirection, type NeighbourItem } from '../services/list-neighbours.js';
import { decodeApiCursor, encodeApiCursor, pageSize } from '../services/page-cursor.js';
import { connection, type ConnectionView, type FieldOf, type Resolver } from './resolver-types.js';

const { GraphQLScalarType, Kind, valueFromASTUntyped } = graphqlRuntime;

/** `JSON` scalar: node and edge properties pass through as JSON values. */
export const jsonScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Free-form JSON value',
  serialize: (value: unknown) => value,
  parseValue: (value: unknown) => value,
  parseLiteral: (ast) => (ast.kind === Kind.VARIABLE ? undefined : valueFromASTUntyped(ast)),
});

const stringProp = (props: Props, key: string): string | null => (typeof props[key] === 'string' ? (props[key] as string) : null);

interface NeighbourArgs {
  readonly direction: NeighbourDirection;
  readonly edgeKinds?: readonly string[] | null;
  readonly first: number;
  readonly after?: string | null;
}

const neighbours: Resolver<NodeRecord, NeighbourArgs, ConnectionView<NeighbourItem>> = (node, args, context) => {
  const first = pageSize(args.first, 500);
  const cursor = decodeApiCursor(args.after);
  const page = listNeighbours(context.services.projection, { id: node.id, direction: args.direction, edgeKinds: args.edgeKinds ?? null, first, offset: cursor.skip });
  const items = page.items.map((item, i) => ({ node: item, cursor: encodeApiCursor({ after: null, skip: cursor.skip + i + 1 }) }));
  const hasNextPage = cursor.skip + items.length < page.totalCount;
  return connection(items, { totalCount: page.totalCount, hasNextPage, hasPreviousPage: cursor.skip > 0, truncated: hasNextPage || cursor.skip > 0 });
};

const graphNode = {
  name: ((node) => stringProp(node.props, 'name') ?? node.id) as FieldOf<NodeRecord, string>,
  domain: ((node) => {
    const domain = stringProp(node.props, 'domain');
    return domain !== null && (DOMAINS as readonly string[]).includes(domain) ? domain : null;
  }) as FieldOf<NodeRecord, string | null>,
  zone: ((node) => stringProp(node.props, 'zone')) as FieldOf<NodeRecord, string | null>,
  criticality: ((node) => (typeof node.props['criticality'] === 'number' ? node.props['criticality'] : null)) as FieldOf<NodeRecord, number | null>,
  neighbours,
};

const neighbourNode: FieldOf<NeighbourItem, NodeRecord> = async (item, _args, context) => {
  const node = await context.loaders.node.load(item.nodeId);
  if (node === null) throw new EngineError('CG_API_NOT_FOUND', `node ${item.nodeId} was deleted meanwhile`, { details: { id: item.nodeId } });
  return node;
};

const query = {
  node: ((_source, args, context) => context.loaders.node.load(args.id)) as Resolver<unknown, { readonly id: string }, NodeRecord | null>,
  graphStats: (async (_source, _args, context) => {
    const stats = await context.services.store.stats();
    const counts = (record: Readonly<Record<string, number>>) =>
      Object.entries(record)
        .map(([kind, count]) => ({ kind, count }))
        .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
    return { nodes: stats.nodes, edges: stats.edges, nodeKinds: counts(stats.nodeKinds), edgeKinds: counts(stats.edgeKinds), projectionVersion: context.services.projection.version };
  }) as FieldOf<unknown, object>,
};

/** Resolvers of graph nodes: `node(id)`, `graphStats`, `GraphNode` and its neighbours. */
export const nodeResolvers = {
  JSON: jsonScalar,
  Node: { __resolveType: () => 'GraphNode' },
  Query: query,
  GraphNode: graphNode,
  Neighbour: { node: neighbourNode },
};
