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

export function fetchDecisions(first) {
  return graphql(
    `query Decisions($n: Int!) { decisions(first: $n) { totalCount truncated nodes { id at status incident chosen { key } pendingApproval { key } } } }`,
    { n: first },
  );
}

export function fetchDecision(id) {
  return graphql(
    `query Decision($id: ID!) { decision(id: $id) { id at status seq hash explanation { summary text paths { nodes kinds probability domains } } } }`,
    { id },
  );
}

/** Several nodes in one request (aliases n0, n1, …); missing ids come back null. */
export async function fetchNodes(ids) {
  if (ids.length === 0) return [];
  const variables = Object.fromEntries(ids.map((id, i) => [`i${i}`, id]));
  const params = ids.map((_, i) => `$i${i}: ID!`).join(', ');
  const fields = ids.map((_, i) => `n${i}: node(id: $i${i}) { ... on GraphNode { ${NODE_FIELDS} } }`).join('\n');
  const data = await graphql(`query Nodes(${params}) { ${fields} }`, variables);
  return ids.map((_, i) => data[`n${i}`]);
}
