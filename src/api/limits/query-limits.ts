/**
 * Depth and cost limits as GraphQL validation rules (graphql-js `ValidationRule`), so a query
 * over budget is refused before any resolver runs (GraphQL spec §5 Validation; cost model after
 * the "GraphQL Cost Directives" draft: list sizes multiply through nesting).
 *
 *   cost(selection, m) = Σ_fields m · (1 + cost(children, m · size(field)))
 *   size(field) = its `first` / `maxNodes` argument (schema default when omitted; the
 *                 argument's upper bound when given as a variable), else 1
 *
 * Introspection fields (`__schema`, `__type`) are neither counted nor descended into: their size
 * is bounded by the schema itself.
 */
import type { FieldNode, FragmentDefinitionNode, GraphQLField, GraphQLNamedType, SelectionSetNode, ValidationContext, ValidationRule } from 'graphql';
import { graphqlRuntime } from '../graphql-runtime.js';

const { GraphQLError, getNamedType, isInterfaceType, isObjectType } = graphqlRuntime;

export interface QueryLimits {
  readonly maxDepth: number;
  readonly maxCost: number;
}

/** Upper bounds of sizing arguments, used when a query passes them as variables. */
export const SIZE_ARGUMENT_MAX: Readonly<Record<string, number>> = { first: 500, maxNodes: 2000 };

interface Measure {
  depth: number;
  cost: number;
}

function sizeOf(node: FieldNode, field: GraphQLField<unknown, unknown> | undefined): number {
  let size = 1;
  for (const [name, max] of Object.entries(SIZE_ARGUMENT_MAX)) {
    const given = node.arguments?.find((a) => a.name.value === name);
    const definition = field?.args.find((a) => a.name === name);
    if (given === undefined && definition === undefined) continue;
    if (given === undefined) size = typeof definition?.defaultValue === 'number' ? definition.defaultValue : max;
    else if (given.value.kind === 'IntValue') size = Math.max(0, Math.min(Number(given.value.value), max));
    else size = max;
  }
  return size;
}

class Walker {
  readonly #fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  readonly #context: ValidationContext;
  constructor(context: ValidationContext) {
    this.#context = context;
    this.#fragments = new Map(context.getDocument().definitions.flatMap((d) => (d.kind === 'FragmentDefinition' ? [[d.name.value, d] as const] : [])));
  }

  measure(set: SelectionSetNode, type: GraphQLNamedType | undefined, multiplier: number, depth: number, seen: ReadonlySet<string>): Measure {
    const result: Measure = { depth, cost: 0 };
    for (const selection of set.selections) {
      let inner: Measure | undefined;
      if (selection.kind === 'Field') inner = this.#field(selection, type, multiplier, depth, seen);
      else if (selection.kind === 'InlineFragment') {
        const on = selection.typeCondition ? this.#context.getSchema().getType(selection.typeCondition.name.value) ?? undefined : type;
        inner = this.measure(selection.selectionSet, on, multiplier, depth, seen);
      } else {
        const fragment = this.#fragments.get(selection.name.value);
        if (fragment === undefined || seen.has(fragment.name.value)) continue;
        const on = this.#context.getSchema().getType(fragment.typeCondition.name.value) ?? undefined;
        inner = this.measure(fragment.selectionSet, on, multiplier, depth, new Set([...seen, fragment.name.value]));
      }
      result.depth = Math.max(result.depth, inner.depth);
      result.cost += inner.cost;
    }
    return result;
  }

  #field(node: FieldNode, type: GraphQLNamedType | undefined, multiplier: number, depth: number, seen: ReadonlySet<string>): Measure {
    if (node.name.value.startsWith('__')) return { depth, cost: 0 };
    const field = type !== undefined && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[node.name.value] : undefined;
    if (node.selectionSet === undefined) return { depth: depth + 1, cost: multiplier };
    const children = this.measure(node.selectionSet, field ? getNamedType(field.type) : undefined, multiplier * sizeOf(node, field), depth + 1, seen);
    return { depth: children.depth, cost: multiplier + children.cost };
  }
}

/** The validation rule enforcing `limits`; errors carry CG_API_QUERY_TOO_DEEP / CG_API_QUERY_TOO_COSTLY. */
export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const root = context.getSchema().getRootType(operation.operation) ?? undefined;
      const { depth, cost } = new Walker(context).measure(operation.selectionSet, root, 1, 0, new Set());
      if (depth > limits.maxDepth) {
        context.reportError(
          new GraphQLError(`The query is ${depth} levels deep; the limit is ${limits.maxDepth}.`, {
            nodes: [operation],
            extensions: { code: 'CG_API_QUERY_TOO_DEEP', details: { depth, limit: limits.maxDepth } },
          }),
        );
      }
      if (cost > limits.maxCost) {
        context.reportError(
          new GraphQLError(`The query's estimated cost is ${cost}; the limit is ${limits.maxCost}.`, {
            nodes: [operation],
            extensions: { code: 'CG_API_QUERY_TOO_COSTLY', details: { cost, limit: limits.maxCost } },
          }),
        );
      }
    },
  });
}
