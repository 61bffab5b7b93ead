import type { GraphQLResolveInfo } from 'graphql';
import type { ApiContext } from '../api-context.js';

/** A typed field resolver (hand-written resolver types: no `any`). */
export type Resolver<Source, Args, Result> = (source: Source, args: Args, context: ApiContext, info: GraphQLResolveInfo) => Result | Promise<Result>;

/** Arguments-free resolver of a field of `Source`. */
export type FieldOf<Source, Result> = Resolver<Source, Record<string, never>, Result>;

/** Relay page information as the SDL's `PageInfo`. */
export interface PageInfoView {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

/** A Relay connection as the SDL's `*Connection` types. */
export interface ConnectionView<T> {
  readonly edges: readonly { readonly cursor: string; readonly node: T }[];
  readonly nodes: readonly T[];
  readonly pageInfo: PageInfoView;
  readonly totalCount: number;
  readonly truncated: boolean;
}

/** Builds a connection from cursor-carrying items. */
export function connection<T>(
  items: readonly { readonly cursor: string; readonly node: T }[],
  page: { readonly totalCount: number; readonly hasNextPage: boolean; readonly hasPreviousPage: boolean; readonly truncated: boolean },
): ConnectionView<T> {
  return {
    edges: items,
    nodes: items.map((i) => i.node),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: items[0]?.cursor ?? null,
      endCursor: items.at(-1)?.cursor ?? null,
    },
    totalCount: page.totalCount,
    truncated: page.truncated,
  };
}
