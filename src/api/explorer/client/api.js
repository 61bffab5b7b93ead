/* global sessionStorage */
// GraphQL calls of the explorer. The API key lives in sessionStorage (cleared with the tab).

const KEY = 'civgraph.apiKey';

export function apiKey() {
  return sessionStorage.getItem(KEY) ?? '';
}

export function setApiKey(value) {
  if (value) sessionStorage.setItem(KEY, value);
  else sessionStorage.removeItem(KEY);
}

/** A failed call: `code` is the server's CG_ error code. */
export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

export async function graphql(query, variables) {
  const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  const key = apiKey();
  if (key) headers['x-api-key'] = key;
  const response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = await response.json();
  if (body.errors && body.errors.length > 0) {
    const first = body.errors[0];
    throw new ApiError(first.message, first.extensions?.code ?? 'CG_API_INTERNAL');
  }
  return body.data;
}

const NODE_FIELDS = 'id kind name domain zone criticality';

export function searchAssets(text) {
  return graphql(
    `query Search($s: String!) {
      assets(filter: { search: $s }, first: 15) { totalCount truncated nodes { ${NODE_FIELDS} } }
      services(filter: { search: $s }, first: 10) { totalCount truncated nodes { ${NODE_FIELDS} } }
    }`,
    { s: text },
  );
}

export function fetchRiskGraph(focus, { depth, minRisk, direction }) {
  return graphql(
    `query Risk($f: ID!, $d: Int!, $m: Float!, $dir: RiskDirection!) {
      riskGraph(focus: $f, depth: $d, minRisk: $m, direction: $dir, maxNodes: 800) {
        focus direction depth totalCount truncated
        nodes { id risk hops via node { ${NODE_FIELDS} } }
        edges { id kind from to transmission }
      }
    }`,
    { f: focus, d: depth, m: minRisk, dir: direction },
  );
}

export function fetchNode(id) {
  return graphql(
    `query Node($id: ID!) { node(id: $id) { ... on GraphNode { ${NODE_FIELDS} labels props version } } }`,
    { id },
  );
}

export function fetchNeighbours(id) {
  return graphql(
    `query Expand($id: ID!) { node(id: $id) { ... on GraphNode {
      neighbours(first: 60) { totalCount truncated nodes { direction edge { id kind from to transmission } node { ${NODE_FIELDS} } } }
    } } }`,
    { id },
  );
}
