// The explorer's graph model: what was loaded, and what is drawn. Large graphs are drawn
// aggregated (one node per domain, or per domain and zone), and the summary says how many
// nodes each group hides; a group expands on demand.

export const AUTO_GROUP_THRESHOLD = 150;

export function createModel() {
  return { focus: null, nodes: new Map(), edges: new Map(), expanded: new Set(), mode: 'auto', totalCount: 0, truncated: false };
}

export function loadRiskGraph(model, graph) {
  model.focus = graph.focus;
  model.nodes.clear();
  model.edges.clear();
  model.expanded.clear();
  model.totalCount = graph.totalCount;
  model.truncated = graph.truncated;
  for (const item of graph.nodes) model.nodes.set(item.id, { ...item.node, risk: item.risk, hops: item.hops, via: item.via });
  for (const edge of graph.edges) model.edges.set(edge.id, edge);
}

/** Adds neighbours of `id`; returns how many nodes were new. */
export function addNeighbours(model, id, page) {
  let added = 0;
  const base = model.nodes.get(id);
  for (const item of page.nodes) {
    if (!model.nodes.has(item.node.id)) {
      model.nodes.set(item.node.id, { ...item.node, risk: 0, hops: (base?.hops ?? 0) + 1, via: null, added: true });
      added += 1;
    }
    model.edges.set(item.edge.id, item.edge);
    model.expanded.add(groupKey(model, model.nodes.get(item.node.id)));
  }
  return added;
}

function effectiveMode(model) {
  if (model.mode !== 'auto') return model.mode;
  return model.nodes.size > AUTO_GROUP_THRESHOLD ? 'domain' : 'nodes';
}

export function groupKey(model, node) {
  const mode = effectiveMode(model);
  const domain = node.domain ?? 'Other';
  return mode === 'zone' ? `${domain} · ${node.zone ?? 'no zone'}` : domain;
}

/** Where a node is drawn: itself, or its group's node when its group is collapsed. */
function placeOf(model, node) {
  if (effectiveMode(model) === 'nodes' || node.id === model.focus) return node.id;
  const key = groupKey(model, node);
  return model.expanded.has(key) ? node.id : `group:${key}`;
}

function groupElements(groups) {
  return [...groups].map(([id, g]) => ({
    group: 'nodes',
    data: { id, label: `${g.key}\n${g.count} nodes · max ${g.maxRisk.toFixed(2)}`, domain: g.domain, risk: g.maxRisk, count: g.count, isGroup: 1, key: g.key },
    classes: 'group',
  }));
}

function nodeElement(model, node) {
  return {
    group: 'nodes',
    data: { id: node.id, label: node.name, domain: node.domain ?? 'Other', risk: node.risk, kind: node.kind, hops: node.hops, isGroup: 0 },
    classes: node.id === model.focus ? 'focus' : node.added ? 'added' : '',
  };
}

/** The Cytoscape elements to draw and a summary of what is hidden. */
export function visibleElements(model) {
  const place = new Map();
  const groups = new Map();
  const elements = [];
  for (const node of model.nodes.values()) {
    const at = placeOf(model, node);
    place.set(node.id, at);
    if (at === node.id) {
      elements.push(nodeElement(model, node));
      continue;
    }
    const group = groups.get(at) ?? { key: at.slice(6), domain: node.domain ?? 'Other', count: 0, maxRisk: 0 };
    group.count += 1;
    group.maxRisk = Math.max(group.maxRisk, node.risk);
    groups.set(at, group);
  }
  elements.push(...groupElements(groups));
  const links = new Map();
  for (const edge of model.edges.values()) {
    const from = place.get(edge.from);
    const to = place.get(edge.to);
    if (from === undefined || to === undefined || from === to) continue;
    const id = from.startsWith('group:') || to.startsWith('group:') ? `agg:${from}->${to}` : edge.id;
    const link = links.get(id) ?? { id, source: from, target: to, kind: edge.kind, transmission: edge.transmission, count: 0 };
    link.count += 1;
    link.transmission = Math.max(link.transmission, edge.transmission);
    links.set(id, link);
  }
  for (const link of links.values()) {
    const label = link.count > 1 ? `${link.count} edges` : link.kind;
    elements.push({ group: 'edges', data: { ...link, label }, classes: link.id.startsWith('agg:') ? 'aggregate' : '' });
  }
  const hiddenNodes = [...groups.values()].reduce((sum, g) => sum + g.count, 0);
  const groupList = [...groups.values()].sort((a, b) => b.maxRisk - a.maxRisk || b.count - a.count);
  return { elements, groups: groups.size, groupList, hiddenNodes, mode: effectiveMode(model) };
}

/** The chain of `via` links from a node back to the focus (the most probable path the server found). */
export function viaChain(model, id) {
  const chain = [];
  let current = model.nodes.get(id);
  while (current && chain.length < 20) {
    chain.push(current.id);
    current = current.via ? model.nodes.get(current.via) : undefined;
  }
  return chain;
}

/**
 * Loads a decision's propagation paths as the graph: every node on a path (risk = the most
 * probable path through it), an edge per hop labelled with its edge kind; the focus is where the
 * first path starts, and `via` follows the path so "why" reads it back.
 */
export function loadDecisionPaths(model, paths, nodes) {
  const byId = new Map(nodes.filter(Boolean).map((n) => [n.id, n]));
  model.focus = paths[0]?.nodes[0] ?? null;
  model.nodes.clear();
  model.edges.clear();
  model.expanded.clear();
  for (const path of paths) {
    path.nodes.forEach((id, i) => {
      const known = model.nodes.get(id);
      const base = byId.get(id) ?? { id, name: id, kind: 'Unknown', domain: null, zone: null };
      if (!known || known.risk < path.probability) model.nodes.set(id, { ...base, risk: path.probability, hops: i, via: i === 0 ? null : path.nodes[i - 1] });
      if (i > 0) {
        const from = path.nodes[i - 1];
        model.edges.set(`path:${from}->${id}`, { id: `path:${from}->${id}`, kind: path.kinds[i - 1] ?? '', from, to: id, transmission: null });
      }
    });
  }
  model.totalCount = model.nodes.size;
  model.truncated = false;
}
