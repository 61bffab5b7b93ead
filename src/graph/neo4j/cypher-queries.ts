/**
 * Cypher for the record (issue 3 item 6): the two questions the risk engine
 * answers on the projection, written so the same answers can be had inside
 * Neo4j from the store's schema (`:CgNode {id}`, relationship types =
 * the ontology's `relationshipType`). Builders return `{ query, params }`;
 * everything a caller supplies is a parameter except what Cypher cannot take
 * as one — relationship types and the hop bound — which are validated and
 * written into the text (types backtick-quoted, hops an integer 0–10).
 *
 * Risk subgraph (cf. DESIGN.md §5, `riskGraph(focus, depth)`):
 *
 *   focus ──[propagation types]*0..depth── n     (either direction by default)
 *   nodes = the distinct n (the focus included), at most maxNodes, `truncated` when cut;
 *   edges = every relationship of those types between two of the nodes (the induced subgraph).
 *
 * Shortest dependency path: `shortestPath((from)-[types*..maxHops]->(to))`,
 * following edges from subject to object (a device `poweredBy` a feeder
 * `dependsOn` a breaker …), the fewest hops; ties are broken by Neo4j.
 */
import { EngineError } from '../../core/index.js';
import { EDGE_SETS } from '../../ontology/index.js';
import type { Direction } from '../port.js';
import { NODE_LABEL, relationshipTypeOf, typeAlternation } from './schema.js';

/** A parameterised Cypher statement. */
export interface CypherQuery {
  readonly query: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export interface RiskSubgraphQueryOptions {
  readonly focus: readonly string[];
  /** Hops from the focus, 0–10. */
  readonly depth: number;
  /** Edge kinds to walk; default the ontology's `propagation` edge set. */
  readonly edgeKinds?: readonly string[];
  readonly direction?: Direction;
  /** Nodes kept at most (default 10,000); the answer says `truncated` when more were reachable. */
  readonly maxNodes?: number;
}

export interface ShortestPathQueryOptions {
  readonly from: string;
  readonly to: string;
  /** Upper bound on hops, 1–10 (default 6). */
  readonly maxHops?: number;
  /** Edge kinds to walk; default the ontology's `propagation` edge set. */
  readonly edgeKinds?: readonly string[];
  /** 'out' (default) follows dependencies subject → object; 'in' the reverse; 'both' ignores direction. */
  readonly direction?: Direction;
}

/** The arrow pieces of a relationship pattern per direction. */
const ARROWS: Readonly<Record<Direction, readonly [string, string]>> = {
  out: ['-', '->'],
  in: ['<-', '-'],
  both: ['-', '-'],
};

const MAX_HOPS = 10;

function hops(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min || value > MAX_HOPS) {
    throw new EngineError('CG_ARGUMENT_INVALID', `${name} must be an integer from ${min} to ${MAX_HOPS}, not ${value}`, {
      details: { [name]: value },
    });
  }
  return value;
}

function types(kinds: readonly string[] | undefined): string {
  const chosen = [...new Set((kinds ?? EDGE_SETS.propagation).map(relationshipTypeOf))].sort();
  if (chosen.length === 0) {
    throw new EngineError('CG_ARGUMENT_INVALID', 'edgeKinds must name at least one edge kind', { details: { edgeKinds: kinds ?? [] } });
  }
  return typeAlternation(chosen);
}

/**
 * The risk subgraph around `focus`. Returns one row `{ nodes: string[], edges:
 * string[], truncated: boolean }` (no row when no focus id exists).
 */
export function riskSubgraphQuery(options: RiskSubgraphQueryOptions): CypherQuery {
  const depth = hops('depth', options.depth, 0);
  const alternation = types(options.edgeKinds);
  const [left, right] = ARROWS[options.direction ?? 'both'];
  const maxNodes = options.maxNodes ?? 10_000;
  if (!Number.isInteger(maxNodes) || maxNodes < 1) {
    throw new EngineError('CG_ARGUMENT_INVALID', `maxNodes must be a positive integer, not ${maxNodes}`, { details: { maxNodes } });
  }
  const query = [
    `MATCH (focus:${NODE_LABEL}) WHERE focus.id IN $focus`,
    `MATCH (focus)${left}[:${alternation}*0..${depth}]${right}(n:${NODE_LABEL})`,
    'WITH collect(DISTINCT n.id) AS reached',
    'WITH reached[0..toInteger($maxNodes)] AS kept, size(reached) > $maxNodes AS truncated',
    'UNWIND kept AS id',
    `MATCH (a:${NODE_LABEL} {id: id})`,
    `OPTIONAL MATCH (a)-[r:${alternation}]->(b) WHERE b.id IN kept`,
    'RETURN kept AS nodes, collect(DISTINCT r.id) AS edges, truncated',
  ].join('\n');
  return { query, params: { focus: [...options.focus], maxNodes } };
}

/**
 * The shortest dependency path from `from` to `to`. Returns one row `{ nodes:
 * string[], edges: string[], hops: number }`, or no row when there is none
 * within `maxHops`.
 */
export function shortestDependencyPathQuery(options: ShortestPathQueryOptions): CypherQuery {
  const maxHops = hops('maxHops', options.maxHops ?? 6, 1);
  if (options.from === options.to) {
    throw new EngineError('CG_ARGUMENT_INVALID', `A dependency path needs two different assets, not ${options.from} twice`, {
      details: { from: options.from, to: options.to },
    });
  }
  const [left, right] = ARROWS[options.direction ?? 'out'];
  const query = [
    `MATCH (source:${NODE_LABEL} {id: $from}), (target:${NODE_LABEL} {id: $to})`,
    `MATCH path = shortestPath((source)${left}[:${types(options.edgeKinds)}*..${maxHops}]${right}(target))`,
    'RETURN [x IN nodes(path) | x.id] AS nodes, [r IN relationships(path) | r.id] AS edges, length(path) AS hops',
  ].join('\n');
  return { query, params: { from: options.from, to: options.to } };
}
