import { EDGE_SET_ORDER, type EdgeKindModel, type NodeKindModel, type VocabModel } from './vocab-model.js';

const MAX_LINE = 110;

/** A TypeScript single-quoted string literal. */
export function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** Cut text into chunks of at most `width` characters at spaces (each chunk keeps its space). */
function chunks(text: string, width: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > width) {
    const cut = rest.lastIndexOf(' ', width);
    const at = cut <= 0 ? width : cut + 1;
    out.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  out.push(rest);
  return out;
}

/** `key: 'value',` at `indent`, wrapped into a `+` concatenation when the line would be too long. */
function stringField(indent: string, key: string, value: string): string[] {
  const line = `${indent}${key}: ${quote(value)},`;
  if (line.length <= MAX_LINE) return [line];
  const inner = `${indent}  `;
  const parts = chunks(value, MAX_LINE - inner.length - 6).map(quote);
  return [`${indent}${key}:`, ...parts.map((p, i) => `${inner}${p}${i < parts.length - 1 ? ' +' : ','}`)];
}

/** `[ 'a', 'b' ]` inline, or one item per line when too long. */
function arrayLines(indent: string, head: string, items: readonly string[], tail: string): string[] {
  const inline = `${indent}${head}[${items.map(quote).join(', ')}]${tail}`;
  if (inline.length <= MAX_LINE) return [inline];
  return [`${indent}${head}[`, ...items.map((i) => `${indent}  ${quote(i)},`), `${indent}]${tail}`];
}

function constArray(name: string, typeName: string, items: readonly string[], doc: string): string[] {
  return [
    `/** ${doc} */`,
    ...arrayLines('', `export const ${name} = `, items, ' as const;'),
    `export type ${typeName} = (typeof ${name})[number];`,
    '',
  ];
}

function names(items: ReadonlyArray<{ readonly name: string }>): string[] {
  return items.map((i) => i.name);
}

function nodeKindLines(kind: NodeKindModel): string[] {
  return [
    `  ${kind.name}: {`,
    ...stringField('    ', 'iri', kind.iri),
    ...stringField('    ', 'label', kind.label),
    ...stringField('    ', 'comment', kind.comment),
    ...arrayLines('    ', 'parents: ', kind.parents, ','),
    '  },',
  ];
}

function edgeKindLines(edge: EdgeKindModel): string[] {
  return [
    `  ${edge.name}: {`,
    ...stringField('    ', 'iri', edge.iri),
    ...stringField('    ', 'label', edge.label),
    ...stringField('    ', 'comment', edge.comment),
    ...stringField('    ', 'relationshipType', edge.relationshipType),
    ...arrayLines('    ', 'domain: ', edge.domain, ','),
    ...arrayLines('    ', 'range: ', edge.range, ','),
    ...arrayLines('    ', 'impacts: ', edge.impacts, ','),
    `    transmission: ${String(edge.transmission)},`,
    `    delayHours: ${String(edge.delayHours)},`,
    `    direction: ${quote(edge.direction)},`,
    `    combination: ${quote(edge.combination)},`,
    `    inverseOf: ${edge.inverseOf === null ? 'null' : quote(edge.inverseOf)},`,
    ...arrayLines('    ', 'sets: ', edge.sets, ','),
    '  },',
  ];
}

function nodeKindSection(model: VocabModel): string[] {
  const kinds = model.nodeKinds;
  const abstractKinds = names(kinds.filter((k) => k.abstract));
  return [
    ...constArray('NODE_KINDS', 'NodeKind', names(kinds), 'Node kinds: the local names of the cg: classes.'),
    '/** Node kinds marked `cg:abstract true`: they group kinds and are never instantiated. */',
    ...arrayLines('', 'export const ABSTRACT_NODE_KINDS: readonly NodeKind[] = ', abstractKinds, ';'),
    '',
    '/** Self first, then superclasses within cg:, nearest first (breadth-first, no duplicates). */',
    'export const NODE_KIND_ANCESTORS: Readonly<Record<NodeKind, readonly NodeKind[]>> = {',
    ...kinds.flatMap((k) => arrayLines('  ', `${k.name}: `, k.ancestors, ',')),
    '};',
    '',
    '/** Label, comment and direct cg: superclasses (rdfs:subClassOf) of each node kind. */',
    'export const NODE_KIND_INFO: Readonly<',
    '  Record<NodeKind, { iri: string; label: string; comment: string; parents: readonly NodeKind[] }>',
    '> = {',
    ...kinds.flatMap(nodeKindLines),
    '};',
    '',
  ];
}

const EDGE_KIND_INFO_INTERFACE = [
  '/** An edge kind (cg: object property) with its propagation annotations. */',
  'export interface EdgeKindInfo {',
  '  readonly iri: string;',
  '  readonly label: string;',
  '  readonly comment: string;',
  '  /** UPPER_SNAKE relationship type in the property graph, e.g. POWERED_BY. */',
  '  readonly relationshipType: string;',
  '  readonly domain: readonly NodeKind[];',
  '  readonly range: readonly NodeKind[];',
  '  /** cg:carriesImpact. */',
  '  readonly impacts: readonly Impact[];',
  '  /** cg:defaultTransmission, in [0,1]. */',
  '  readonly transmission: number;',
  '  /** cg:defaultDelayHours, >= 0. */',
  '  readonly delayHours: number;',
  '  /** cg:propagationDirection: forward = subject to object, reverse = object to subject. */',
  "  readonly direction: 'forward' | 'reverse' | 'both' | 'none';",
  '  /** cg:combination. */',
  "  readonly combination: 'noisyOr' | 'kOfN';",
  '  readonly inverseOf: EdgeKind | null;',
  '  /** cg:edgeSet. */',
  '  readonly sets: readonly EdgeSetName[];',
  '}',
  '',
];

function edgeKindSection(model: VocabModel): string[] {
  const edges = model.edgeKinds;
  const setNames = EDGE_SET_ORDER.map(quote);
  return [
    ...constArray('EDGE_KINDS', 'EdgeKind', names(edges), 'Edge kinds: the local names of the cg: object properties.'),
    '/** Named edge sets (cg:edgeSet) that traversals select by name. */',
    'export type EdgeSetName =',
    ...setNames.map((s, i) => `  | ${s}${i === setNames.length - 1 ? ';' : ''}`),
    '',
    ...EDGE_KIND_INFO_INTERFACE,
    'export const EDGE_KIND_INFO: Readonly<Record<EdgeKind, EdgeKindInfo>> = {',
    ...edges.flatMap(edgeKindLines),
    '};',
    '',
    '/** The edge kinds in each named set, sorted. */',
    'export const EDGE_SETS: Readonly<Record<EdgeSetName, readonly EdgeKind[]>> = {',
    ...EDGE_SET_ORDER.flatMap((s) => arrayLines('  ', `${s}: `, names(edges.filter((e) => e.sets.includes(s))), ',')),
    '};',
    '',
  ];
}

function nodePropertySection(model: VocabModel): string[] {
  return [
    '/** Node and edge data properties (cg: datatype properties) with their XSD datatype. */',
    'export const NODE_PROPERTIES: Readonly<',
    '  Record<',
    '    string,',
    '    {',
    '      iri: string;',
    "      datatype: 'string' | 'integer' | 'decimal' | 'boolean' | 'dateTime';",
    '      label: string;',
    '      comment: string;',
    '    }',
    '  >',
    '> = {',
    ...model.nodeProperties.flatMap((p) => [
      `  ${p.name}: {`,
      ...stringField('    ', 'iri', p.iri),
      `    datatype: ${quote(p.datatype)},`,
      ...stringField('    ', 'label', p.label),
      ...stringField('    ', 'comment', p.comment),
      '  },',
    ]),
    '};',
  ];
}

/**
 * Render the vocabulary module text. Deterministic: the same model gives byte-identical output
 * (kinds sorted by name, sets in EDGE_SET_ORDER), so CI can diff it against the committed file.
 */
export function renderVocab(model: VocabModel): string {
  const lines = [
    '// DO NOT EDIT — generated by tools/gen-vocab.ts from ontology/civgraph.ttl (npm run gen:vocab)',
    `// CivGraph ontology ${model.version}`,
    '',
    '/** The cg: namespace. */',
    `export const NAMESPACE = ${quote(model.namespace)};`,
    '',
    ...constArray('DOMAINS', 'Domain', model.domains, 'City domains (cg:Domain individuals), in ontology order.'),
    ...constArray('IMPACTS', 'Impact', model.impacts, 'Impacts (skos:notation of the cg:Impact individuals).'),
    ...nodeKindSection(model),
    ...edgeKindSection(model),
    ...nodePropertySection(model),
  ];
  return `${lines.join('\n')}\n`;
}
