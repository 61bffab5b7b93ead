/**
 * Strongly connected components of the harm graph (Tarjan 1972, "Depth-first
 * search and linear graph algorithms", iterative with typed stacks).
 *
 * Returns the nodes in an order made of whole components, the components in
 * topological order of the condensation (a component comes after every
 * component with an arc into it), and inside a component in reverse DFS
 * preorder: every node comes before its DFS-tree ancestors. On the
 * gateway trees of the simulated city (device ↔ gateway ↔ network element,
 * 2-cycles of networkedVia) that is leaves first, so one pass over a
 * component in this order carries messages up the tree and one pass in the
 * opposite order carries them down (two-pass belief propagation).
 * O(n + m).
 */
export interface StrongComponents {
  /** Node of each position (components contiguous, in topological order). */
  readonly order: Uint32Array;
  /** Component c holds positions `start[c] .. start[c+1]`; `start.length` = components + 1. */
  readonly start: Uint32Array;
}

/** Tarjan's algorithm over child rows (`outArcs` of `outOffsets`, arc targets `arcTo`). */
export function strongComponents(n: number, outOffsets: Uint32Array, outArcs: Uint32Array, arcTo: Uint32Array): StrongComponents {
  const index = new Int32Array(n).fill(-1);
  const low = new Uint32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Uint32Array(n);
  const callNode = new Uint32Array(n);
  const callNext = new Uint32Array(n);
  // Components are found sinks first; they are written from the end of `order` backwards.
  const order = new Uint32Array(n);
  const ends: number[] = [];
  let write = n;
  let counter = 0;
  let top = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    callNode[0] = root;
    callNext[0] = outOffsets[root] as number;
    index[root] = counter;
    low[root] = counter++;
    stack[top++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const u = callNode[depth] as number;
      const next = callNext[depth] as number;
      if (next < (outOffsets[u + 1] as number)) {
        callNext[depth] = next + 1;
        const w = arcTo[outArcs[next] as number] as number;
        if (index[w] === -1) {
          index[w] = counter;
          low[w] = counter++;
          stack[top++] = w;
          onStack[w] = 1;
          depth++;
          callNode[depth] = w;
          callNext[depth] = outOffsets[w] as number;
        } else if (onStack[w] === 1 && (index[w] as number) < (low[u] as number)) {
          low[u] = index[w] as number;
        }
        continue;
      }
      depth--;
      if (depth >= 0) {
        const parent = callNode[depth] as number;
        if ((low[u] as number) < (low[parent] as number)) low[parent] = low[u] as number;
      }
      if (low[u] !== index[u]) continue;
      // Pop u's component: the stack holds it in DFS preorder; keep that order reversed.
      let bottom = top - 1;
      while (stack[bottom] !== u) bottom--;
      const size = top - bottom;
      write -= size;
      for (let i = 0; i < size; i++) {
        const w = stack[top - 1 - i] as number;
        onStack[w] = 0;
        order[write + i] = w;
      }
      top = bottom;
      ends.push(size);
    }
  }
  return { order, start: componentStarts(ends) };
}

/** Component boundaries from sizes listed sinks first (positions run sources first). */
function componentStarts(sizes: readonly number[]): Uint32Array {
  const start = new Uint32Array(sizes.length + 1);
  for (let c = 0; c < sizes.length; c++) start[c + 1] = (start[c] as number) + (sizes[sizes.length - 1 - c] as number);
  return start;
}
