// CivGraph risk explorer: search an asset, draw its risk graph, expand nodes, highlight paths,
// group large graphs by domain and zone, explain a node or a path, open a decision's explanation.
import { ApiError, apiKey, fetchDecision, fetchDecisions, fetchNeighbours, fetchNode, fetchNodes, fetchRiskGraph, searchAssets, setApiKey } from './api.js';
import { createGraphView, draw, highlightPath, highlightPaths, mostProbablePath } from './graph-view.js';
import { addNeighbours, createModel, groupKey, loadDecisionPaths, loadRiskGraph, viaChain, visibleElements } from './model.js';
import { DOMAIN_COLOURS, formatRisk } from './palette.js';

const $ = (id) => document.getElementById(id);
const model = createModel();
const state = { selected: null, pathStart: null, path: [], decisionPaths: [] };
let cy;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'onclick') node.addEventListener('click', v);
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

function showError(error) {
  const code = error instanceof ApiError ? error.code : 'CG_API_INTERNAL';
  const hint = code === 'CG_API_UNAUTHENTICATED' || code === 'CG_API_TOKEN_INVALID' ? ' Enter a valid API key above.' : '';
  $('summary').className = 'banner error';
  $('summary').textContent = `${error.message} [${code}].${hint}`;
}

function renderAuth() {
  $('auth-status').textContent = apiKey() ? 'key set for this tab' : 'no key (anonymous)';
  $('auth-status').className = apiKey() ? 'pill ok' : 'pill';
}

function renderLegend() {
  const legend = $('legend');
  legend.replaceChildren();
  for (const [domain, colour] of Object.entries(DOMAIN_COLOURS)) {
    const swatch = el('span', { class: 'swatch' });
    swatch.style.background = colour;
    legend.append(el('div', { class: 'legend-row' }, swatch, domain));
  }
  legend.append(el('p', { class: 'note', text: 'Ring colour and size: risk (yellow low → red high). Star: focus. Dashed ring: added by expanding. Double-bordered box: a collapsed group.' }));
}

async function onSearch(event) {
  event.preventDefault();
  const text = $('search').value.trim();
  if (text === '') return;
  try {
    const data = await searchAssets(text);
    const list = $('results');
    list.replaceChildren();
    for (const node of [...data.services.nodes, ...data.assets.nodes]) {
      const button = el('button', { type: 'button', class: 'result', 'data-id': node.id, onclick: () => focusOn(node.id) }, el('strong', { text: node.name }), el('span', { text: ` ${node.kind} · ${node.domain ?? '—'} · ${node.id}` }));
      list.append(el('li', {}, button));
    }
    const shown = data.services.nodes.length + data.assets.nodes.length;
    const total = data.services.totalCount + data.assets.totalCount;
    $('results-note').textContent = total === 0 ? 'Nothing matches.' : `${shown} of ${total} matches shown${total > shown ? ' — refine the search to see the rest' : ''}.`;
  } catch (error) {
    showError(error);
  }
}

async function focusOn(id) {
  try {
    const options = { depth: Number($('depth').value), minRisk: Number($('min-risk').value), direction: $('direction').value };
    const data = await fetchRiskGraph(id, options);
    loadRiskGraph(model, data.riskGraph);
    state.selected = null;
    state.pathStart = null;
    state.path = [];
    state.decisionPaths = [];
    $('path').replaceChildren(el('p', { class: 'note', text: 'Pick a start and an end node to highlight the most probable path between them.' }));
    render();
    await select(id, false);
  } catch (error) {
    showError(error);
  }
}

function render() {
  model.mode = $('view-mode').value;
  const view = visibleElements(model);
  draw(cy, view.elements, model.focus);
  const focus = model.nodes.get(model.focus);
  const parts = [`${focus?.name ?? model.focus}: ${model.nodes.size} nodes loaded (${model.totalCount} at or above the risk threshold).`];
  if (model.truncated) parts.push(`${model.totalCount - model.nodes.size} lower-risk nodes not loaded (server limit); raise min risk or lower depth.`);
  if (view.groups > 0) parts.push(`${view.hiddenNodes} nodes hidden in ${view.groups} ${view.mode === 'zone' ? 'domain·zone' : 'domain'} groups — click a group to expand it.`);
  $('summary').className = model.truncated || view.groups > 0 ? 'banner warn' : 'banner';
  $('summary').textContent = parts.join(' ');
  renderTable(view.groupList);
  if (state.decisionPaths.length > 0) highlightPaths(cy, state.decisionPaths);
  else if (state.path.length > 0) highlightPath(cy, state.path);
}

function renderTable(groupList) {
  const table = $('node-table');
  table.replaceChildren();
  for (const group of groupList) {
    const button = el('button', { type: 'button', class: 'row group-row', 'data-group': group.key, onclick: () => expandGroup(`group:${group.key}`) }, el('span', { class: 'risk', text: formatRisk(group.maxRisk) }), el('span', { text: ` ▸ ${group.key}: ${group.count} hidden — show` }));
    table.append(el('li', {}, button));
  }
  const nodes = [...model.nodes.values()].sort((a, b) => b.risk - a.risk).slice(0, 40);
  for (const node of nodes) {
    const button = el('button', { type: 'button', class: 'row', 'data-id': node.id, onclick: () => select(node.id, false) }, el('span', { class: 'risk', text: formatRisk(node.risk) }), el('span', { text: ` ${node.name}` }));
    table.append(el('li', {}, button));
  }
}

function propertyRows(node) {
  const rows = [['id', node.id], ['kind', node.kind], ['labels', node.labels.join(' › ')], ['domain', node.domain ?? '—'], ['zone', node.zone ?? '—']];
  for (const [key, value] of Object.entries(node.props)) if (!['name', 'domain', 'zone'].includes(key)) rows.push([key, Array.isArray(value) ? value.join(', ') : String(value)]);
  return el('dl', {}, ...rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
}

function whyRows(id) {
  const node = model.nodes.get(id);
  if (!node) return el('p', { class: 'note', text: 'Not in the loaded risk graph.' });
  if (id === model.focus) return el('p', { text: 'This is the focus of the risk graph.' });
  if (!node.via) return el('p', { class: 'note', text: 'Added by expanding a neighbour: its risk was not computed from the focus.' });
  const chain = viaChain(model, id).reverse();
  const dir = $('direction').value === 'DOWNSTREAM' ? 'Harm at the focus reaches this node' : 'Harm at this node reaches the focus';
  return el('div', {}, el('p', { text: `${dir} with probability ${formatRisk(node.risk)} over ${node.hops} hop(s):` }), el('ol', { class: 'hops' }, ...chain.map((n) => el('li', { text: model.nodes.get(n)?.name ?? n }))));
}

async function select(id, isGroup) {
  state.selected = id;
  const details = $('details');
  if (id === null) return;
  if (isGroup) {
    details.replaceChildren(el('p', { text: `Group ${id.slice(6)}` }), el('button', { type: 'button', id: 'expand-group', onclick: () => expandGroup(id) }, 'Show its nodes'));
    return;
  }
  cy.$(':selected').unselect();
  cy.getElementById(id).select();
  try {
    const data = await fetchNode(id);
    const node = data.node;
    if (!node) return;
    const actions = el(
      'div',
      { class: 'actions' },
      el('button', { type: 'button', id: 'expand-node', onclick: () => expandNode(id) }, 'Expand neighbours'),
      el('button', { type: 'button', id: 'path-start', onclick: () => setPathStart(id) }, 'Path from here'),
      el('button', { type: 'button', id: 'path-end', onclick: () => setPathEnd(id) }, 'Path to here'),
      el('button', { type: 'button', id: 'refocus', onclick: () => focusOn(id) }, 'Focus'),
    );
    const risk = model.nodes.get(id)?.risk;
    details.replaceChildren(el('h3', { text: node.name }), el('p', { class: 'risk-line', text: `Risk ${risk === undefined ? '—' : formatRisk(risk)} · ${node.kind}` }), actions, whyRows(id), propertyRows(node));
  } catch (error) {
    showError(error);
  }
}

async function expandNode(id) {
  try {
    const data = await fetchNeighbours(id);
    const page = data.node.neighbours;
    const added = addNeighbours(model, id, page);
    render();
    $('summary').textContent += ` Expanded ${model.nodes.get(id)?.name ?? id}: ${added} new of ${page.totalCount} neighbours${page.truncated ? ' (first 60 shown)' : ''}.`;
  } catch (error) {
    showError(error);
  }
}

function expandGroup(groupId) {
  model.expanded.add(groupId.slice(6));
  render();
}

function setPathStart(id) {
  state.pathStart = id;
  $('path').replaceChildren(el('p', { text: `Start: ${model.nodes.get(id)?.name ?? id}. Now select another node and choose “Path to here”.` }));
}

/** Makes sure every node of `ids` is drawn (expands the groups hiding them). */
function revealNodes(ids) {
  const before = model.expanded.size;
  for (const id of ids) {
    const node = model.nodes.get(id);
    if (node) model.expanded.add(groupKey(model, node));
  }
  if (model.expanded.size !== before) render();
}

function setPathEnd(id) {
  const from = state.pathStart ?? model.focus;
  const chain = viaChain(model, id);
  // From the focus, the server already found the most probable path (the `via` links); elsewhere
  // the explorer searches the drawn graph.
  if (from === model.focus && chain.at(-1) === model.focus) {
    revealNodes(chain);
    state.path = chain.reverse();
  } else {
    revealNodes([from, id]);
    state.path = mostProbablePath(cy, from, id);
  }
  const edges = highlightPath(cy, state.path);
  const panel = $('path');
  if (state.path.length === 0) {
    panel.replaceChildren(el('p', { class: 'note', text: 'No drawn path joins these nodes (expand groups or neighbours first).' }));
    return;
  }
  const probability = edges.reduce((p, e) => p * (e.transmission ?? 0), 1);
  const hops = edges.map((e) => el('li', { class: 'hop' }, `${model.nodes.get(e.source)?.name ?? e.source} —${e.kind} (${formatRisk(e.transmission)})→ ${model.nodes.get(e.target)?.name ?? e.target}`));
  panel.replaceChildren(el('p', { id: 'path-summary', text: `${edges.length} hop(s), path probability ${probability.toFixed(3)} (product of transmissions).` }), el('ol', { class: 'hops' }, ...hops), el('button', { type: 'button', id: 'path-clear', onclick: clearPath }, 'Clear path'));
}

function clearPath() {
  state.path = [];
  highlightPath(cy, []);
  $('path').replaceChildren(el('p', { class: 'note', text: 'Path cleared.' }));
}

const STATUS_TEXT = { ACTED: 'acted', AWAITING_APPROVAL: 'awaiting approval', NO_ACTION: 'no action' };

async function loadDecisions() {
  try {
    const data = await fetchDecisions(15);
    const list = $('decisions');
    list.replaceChildren();
    for (const d of data.decisions.nodes) {
      const actions = [...d.chosen, ...d.pendingApproval].map((a) => a.key).join(', ') || 'no action';
      const button = el('button', { type: 'button', class: 'result', 'data-decision-id': d.id, onclick: () => openDecision(d.id) }, el('strong', { text: `${d.at.slice(0, 16).replace('T', ' ')} · ${STATUS_TEXT[d.status]}` }), el('span', { text: ` ${actions}` }));
      list.append(el('li', {}, button));
    }
    const { totalCount: total, nodes } = data.decisions;
    $('decisions-note').textContent = total === 0 ? 'No decisions logged yet.' : `${nodes.length} most recent of ${total} decisions.`;
  } catch (error) {
    showError(error);
  }
}

/** Shows a decision's plain-language explanation and draws the propagation paths that justified it. */
async function openDecision(id) {
  try {
    const { decision } = await fetchDecision(id);
    if (!decision) return;
    const paths = decision.explanation.paths;
    const ids = [...new Set(paths.flatMap((p) => p.nodes))];
    loadDecisionPaths(model, paths, await fetchNodes(ids));
    state.selected = null;
    state.pathStart = null;
    state.path = [];
    state.decisionPaths = paths.map((p) => p.nodes);
    render();
    $('summary').className = 'banner';
    $('summary').textContent = paths.length === 0 ? `Decision ${decision.id}: no propagation path was needed to justify it.` : `Decision ${decision.id}: ${paths.length} propagation path(s) that justified it, highlighted (${ids.length} assets).`;
    const pathItems = paths.map((p) => el('li', { class: 'hop' }, `${p.nodes.map((n) => model.nodes.get(n)?.name ?? n).join(' → ')} (p = ${p.probability.toFixed(3)}; ${p.domains.join(' / ')})`));
    $('details').replaceChildren(
      el('h3', { text: `Decision ${decision.id}` }),
      el('p', { class: 'risk-line', text: `${STATUS_TEXT[decision.status]} · ${decision.at}${decision.seq === null ? '' : ` · log entry ${decision.seq}`}` }),
      el('pre', { id: 'decision-text', class: 'explanation', text: decision.explanation.text }),
    );
    $('path').replaceChildren(el('p', { id: 'decision-paths-summary', text: `${paths.length} path(s) from the decision record.` }), el('ol', { class: 'hops' }, ...pathItems));
  } catch (error) {
    showError(error);
  }
}

function start() {
  cy = createGraphView($('graph'), {
    onSelect: (id, isGroup) => void select(id, isGroup),
    onExpand: (id, isGroup) => (isGroup ? expandGroup(id) : void expandNode(id)),
  });
  $('search-form').addEventListener('submit', onSearch);
  $('decisions-load').addEventListener('click', () => void loadDecisions());
  $('auth-form').addEventListener('submit', (event) => {
    event.preventDefault();
    setApiKey($('api-key').value.trim());
    $('api-key').value = '';
    renderAuth();
  });
  $('view-mode').addEventListener('change', () => model.focus && render());
  for (const id of ['direction', 'depth', 'min-risk']) $(id).addEventListener('change', () => model.focus && focusOn(model.focus));
  renderAuth();
  renderLegend();
  window.civgraphExplorer = { cy: () => cy, model: () => model, state: () => state };
}

start();
