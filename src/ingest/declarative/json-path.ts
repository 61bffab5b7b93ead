/**
 * Value lookup by JSON Pointer (RFC 6901) and by a JSONPath subset (RFC 9535):
 * `$`, `.name`, `['name']`, `[index]`, `[*]`. Enough for vendor payloads;
 * filters and recursive descent are rejected when the mapping is loaded.
 */
export function getByPointer(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  let node: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(key)];
    else if (typeof node === 'object' && node !== null) node = (node as Record<string, unknown>)[key];
    else return undefined;
  }
  return node;
}

type Step = { readonly key: string } | { readonly index: number } | { readonly wildcard: true };

/** Parses a JSONPath subset into steps; returns a reason for unsupported syntax. */
export function parseJsonPath(path: string): Step[] | string {
  if (!path.startsWith('$')) return 'JSONPath must start with $';
  const steps: Step[] = [];
  const re = /\.([A-Za-z_$][\w$-]*)|\.\*|\[\*\]|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const at = re.lastIndex;
    const m = re.exec(path);
    if (!m || m.index !== at) return `unsupported JSONPath syntax at offset ${at} in ${path}`;
    if (m[1] !== undefined) steps.push({ key: m[1] });
    else if (m[2] !== undefined) steps.push({ index: Number(m[2]) });
    else if (m[3] !== undefined || m[4] !== undefined) steps.push({ key: (m[3] ?? m[4] ?? '').replace(/\\(.)/g, '$1') });
    else steps.push({ wildcard: true });
  }
  return steps;
}

function child(node: unknown, step: Step): unknown[] {
  if ('wildcard' in step) {
    if (Array.isArray(node)) return node;
    return typeof node === 'object' && node !== null ? Object.values(node) : [];
  }
  if ('index' in step) return Array.isArray(node) && step.index < node.length ? [node[step.index]] : [];
  if (typeof node === 'object' && node !== null && !Array.isArray(node) && Object.hasOwn(node, step.key)) {
    return [(node as Record<string, unknown>)[step.key]];
  }
  return [];
}

/** Evaluates a parsed path: one match gives the value, several give an array, none undefined. */
export function getByPath(document: unknown, steps: readonly Step[]): unknown {
  let nodes: unknown[] = [document];
  let multi = false;
  for (const step of steps) {
    if ('wildcard' in step) multi = true;
    nodes = nodes.flatMap((n) => child(n, step));
  }
  if (multi) return nodes;
  return nodes[0];
}
