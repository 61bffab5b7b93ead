// Cytoscape.js drawing of the risk graph: fill by domain, ring and size by risk, paths highlighted.
import cytoscape from 'cytoscape';
import { domainColour, riskColour } from './palette.js';

const STYLE = [
  {
    selector: 'node',
    style: {
      'background-color': (n) => domainColour(n.data('domain')),
      'border-color': (n) => riskColour(n.data('risk') ?? 0),
      'border-width': (n) => 2 + 6 * (n.data('risk') ?? 0),
      width: (n) => 18 + 22 * (n.data('risk') ?? 0),
      height: (n) => 18 + 22 * (n.data('risk') ?? 0),
      label: 'data(label)',
      'font-size': 9,
      'font-family': 'system-ui, sans-serif',
      color: '#1f2633',
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'text-wrap': 'ellipsis',
      'text-max-width': 110,
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.75,
      'text-background-padding': 1,
      'min-zoomed-font-size': 7,
    },
  },
  { selector: 'node.focus', style: { shape: 'star', width: 46, height: 46, 'border-color': '#B3001B', 'border-width': 4, 'font-weight': 'bold', 'font-size': 11, 'z-index': 10 } },
  { selector: 'node.added', style: { 'border-style': 'dashed' } },
  { selector: 'node.quiet', style: { label: '' } },
  {
    selector: 'node.group',
    style: {
      shape: 'round-rectangle',
      width: (n) => 40 + Math.min(80, 6 * Math.sqrt(n.data('count'))),
      height: (n) => 30 + Math.min(50, 4 * Math.sqrt(n.data('count'))),
      'background-opacity': 0.35,
      'border-style': 'double',
      'text-valign': 'center',
      'text-wrap': 'wrap',
      'font-size': 10,
      'text-background-opacity': 0,
    },
  },
  {
    selector: 'edge',
    style: {
      width: (e) => 1 + 3 * (e.data('transmission') ?? 0),
      'line-color': '#9aa5b8',
      'target-arrow-color': '#9aa5b8',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.7,
      'curve-style': 'bezier',
      opacity: 0.8,
    },
  },
  { selector: 'edge.aggregate', style: { 'line-style': 'dashed', label: 'data(label)', 'font-size': 8, color: '#5b6577', width: (e) => 1 + Math.min(6, Math.log2(1 + e.data('count'))) } },
  { selector: ':selected', style: { 'overlay-color': '#1d4ed8', 'overlay-opacity': 0.18, 'overlay-padding': 6 } },
  { selector: '.faded', style: { opacity: 0.18 } },
  { selector: 'node.on-path', style: { 'border-color': '#1d4ed8', 'border-width': 6, opacity: 1, 'z-index': 20 } },
  { selector: 'edge.on-path', style: { 'line-color': '#1d4ed8', 'target-arrow-color': '#1d4ed8', width: 5, opacity: 1, 'z-index': 20, label: 'data(kind)', 'font-size': 9, color: '#1d4ed8' } },
];

export function createGraphView(container, handlers) {
  const cy = cytoscape({ container, style: STYLE, minZoom: 0.05, maxZoom: 4, boxSelectionEnabled: false });
  cy.on('tap', 'node', (event) => handlers.onSelect(event.target.id(), event.target.data('isGroup') === 1));
  cy.on('dbltap', 'node', (event) => handlers.onExpand(event.target.id(), event.target.data('isGroup') === 1));
  cy.on('tap', (event) => {
    if (event.target === cy) handlers.onSelect(null, false);
  });
  return cy;
}

export function draw(cy, elements, focus) {
  cy.batch(() => {
    cy.elements().remove();
    cy.add(elements);
  });
  quietLabels(cy);
  const maxHops = Math.max(1, ...cy.nodes().map((n) => n.data('hops') ?? 1));
  const layout =
    cy.nodes().length > 400 || cy.nodes('.group').length > 0
      ? { name: 'cose', animate: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 90, randomize: false, padding: 30 }
      : { name: 'concentric', animate: false, concentric: (n) => (n.id() === focus ? maxHops + 1 : maxHops - (n.data('hops') ?? maxHops)), levelWidth: () => 1, minNodeSpacing: 18, padding: 30 };
  cy.layout(layout).run();
  cy.fit(undefined, 30);
}

const LABELLED = 25;

/** In a crowded view only the focus, groups and the highest-risk nodes keep their labels. */
function quietLabels(cy) {
  const plain = cy.nodes().filter((n) => !n.hasClass('focus') && !n.hasClass('group'));
  if (plain.length <= 60) return;
  const ranked = plain.sort((a, b) => (b.data('risk') ?? 0) - (a.data('risk') ?? 0));
  ranked.slice(LABELLED).addClass('quiet');
}

/** Highlights the path (node ids in order) and fades everything else; returns the path's edges. */
export function highlightPath(cy, nodeIds) {
  return highlightPaths(cy, nodeIds.length === 0 ? [] : [nodeIds]);
}

/** Highlights several paths at once (a decision's justification); returns their edges, in order. */
export function highlightPaths(cy, paths) {
  cy.elements().removeClass('on-path faded');
  if (paths.length === 0) return [];
  const edges = [];
  for (const nodeIds of paths) {
    for (let i = 0; i + 1 < nodeIds.length; i += 1) {
      const a = nodeIds[i];
      const b = nodeIds[i + 1];
      const edge = cy.edges().filter((e) => (e.source().id() === a && e.target().id() === b) || (e.source().id() === b && e.target().id() === a)).first();
      if (edge.nonempty()) edges.push(edge);
    }
  }
  cy.elements().addClass('faded');
  for (const id of paths.flat()) cy.getElementById(id).removeClass('faded quiet').addClass('on-path');
  for (const edge of edges) edge.removeClass('faded').addClass('on-path');
  return edges.map((e) => e.data());
}

/** The most probable path between two drawn nodes: Dijkstra on −log(transmission), either direction. */
export function mostProbablePath(cy, from, to) {
  const weight = (edge) => -Math.log(Math.max(1e-6, Math.min(1, edge.data('transmission') || 1e-6)));
  const result = cy.elements().dijkstra({ root: cy.getElementById(from), weight, directed: false });
  const target = cy.getElementById(to);
  if (!Number.isFinite(result.distanceTo(target))) return [];
  return result.pathTo(target).nodes().map((n) => n.id());
}
