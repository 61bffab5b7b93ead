/**
 * Reverse DFS postorder of the harm graph, iteratively (no recursion, typed
 * stacks): a topological order when the graph is acyclic, and otherwise an
 * order where every arc not closing a cycle goes forward. Propagation
 * evaluates nodes in this order so that acyclic parts are final in one pass.
 */
export function topologicalOrder(
  n: number,
  outOffsets: Uint32Array,
  outArcs: Uint32Array,
  arcTo: Uint32Array,
): { order: Uint32Array; rank: Uint32Array } {
  const visited = new Uint8Array(n);
  const stackNode = new Uint32Array(n);
  const stackNext = new Uint32Array(n);
  const post = new Uint32Array(n);
  let postCount = 0;
  for (let root = 0; root < n; root++) {
    if (visited[root]) continue;
    visited[root] = 1;
    let top = 0;
    stackNode[0] = root;
    stackNext[0] = outOffsets[root] as number;
    while (top >= 0) {
      const u = stackNode[top] as number;
      const next = stackNext[top] as number;
      if (next < (outOffsets[u + 1] as number)) {
        stackNext[top] = next + 1;
        const w = arcTo[outArcs[next] as number] as number;
        if (!visited[w]) {
          visited[w] = 1;
          top++;
          stackNode[top] = w;
          stackNext[top] = outOffsets[w] as number;
        }
      } else {
        post[postCount++] = u;
        top--;
      }
    }
  }
  const order = new Uint32Array(n);
  const rank = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const v = post[n - 1 - i] as number;
    order[i] = v;
    rank[v] = i;
  }
  return { order, rank };
}
