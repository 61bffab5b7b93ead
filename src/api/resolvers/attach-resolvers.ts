import type { GraphQLFieldResolver, GraphQLScalarType, GraphQLSchema, GraphQLTypeResolver } from 'graphql';
import { graphqlRuntime } from '../graphql-runtime.js';
import { invariant } from '../../core/index.js';

const { isInterfaceType, isObjectType, isScalarType } = graphqlRuntime;

/** A resolver map entry: a scalar implementation, an interface's `__resolveType`, or field resolvers. */
export type ResolverMapEntry = GraphQLScalarType | { readonly __resolveType: GraphQLTypeResolver<unknown, unknown> } | Readonly<Record<string, unknown>>;
export type ResolverMap = Readonly<Record<string, ResolverMapEntry>>;

/** A Subscription field's entry: `subscribe` returns the event stream, `resolve` maps each event. */
interface SubscriptionEntry {
  readonly subscribe: GraphQLFieldResolver<unknown, unknown>;
  readonly resolve: GraphQLFieldResolver<unknown, unknown>;
}

function isSubscriptionEntry(value: unknown): value is SubscriptionEntry {
  return typeof value === 'object' && value !== null && 'subscribe' in value && typeof value.subscribe === 'function' && 'resolve' in value && typeof value.resolve === 'function';
}

function attachScalar(schema: GraphQLSchema, name: string, implementation: GraphQLScalarType): void {
  const type = schema.getType(name);
  invariant(isScalarType(type), `resolver map names scalar ${name}, which the schema lacks`);
  type.serialize = implementation.serialize;
  type.parseValue = implementation.parseValue;
  type.parseLiteral = implementation.parseLiteral;
}

/**
 * Attaches resolver maps to a schema built from SDL, in place (what @graphql-tools'
 * makeExecutableSchema does; done here because the installed @graphql-tools/merge and
 * @graphql-tools/utils versions are incompatible). A map naming a type or field the schema does
 * not have is a programmer bug.
 */
export function attachResolvers(schema: GraphQLSchema, maps: readonly ResolverMap[]): GraphQLSchema {
  for (const map of maps) {
    for (const [typeName, entry] of Object.entries(map)) {
      const type = schema.getType(typeName);
      if (isScalarType(type)) {
        attachScalar(schema, typeName, entry as GraphQLScalarType);
        continue;
      }
      if (isInterfaceType(type)) {
        type.resolveType = (entry as { readonly __resolveType: GraphQLTypeResolver<unknown, unknown> }).__resolveType;
        continue;
      }
      invariant(isObjectType(type), `resolver map names type ${typeName}, which the schema lacks`);
      const fields = type.getFields();
      for (const [fieldName, resolve] of Object.entries(entry as Readonly<Record<string, unknown>>)) {
        const field = fields[fieldName];
        invariant(field !== undefined && (typeof resolve === 'function' || isSubscriptionEntry(resolve)), `resolver map names ${typeName}.${fieldName}, which the schema lacks`);
        if (typeof resolve === 'function') field.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
        else {
          field.subscribe = resolve.subscribe;
          field.resolve = resolve.resolve;
        }
      }
    }
  }
  return schema;
}
