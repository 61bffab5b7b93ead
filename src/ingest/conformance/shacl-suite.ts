/**
 * Runs the W3C SHACL test suite (data-shapes-test-suite, `sht:Validate`
 * entries) through our SHACL path (src/ontology validateShapes, shacl-engine).
 * A test passes when `sh:conforms` matches and the expected results equal ours
 * as a multiset of (focus node, constraint component, severity, value), blank
 * nodes compared as blank. sh:sourceShape and sh:resultPath are not compared:
 * our report names a blank property shape by its owning node shape.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Parser, Store, type Quad, type Term } from 'n3';
import { validateShapes } from '../../ontology/index.js';

const SH = 'http://www.w3.org/ns/shacl#';
const SHT = 'http://www.w3.org/ns/shacl-test#';
const MF = 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

export interface ShaclTestResult {
  readonly file: string;
  readonly test: string;
  readonly passed: boolean;
  readonly reason?: string;
}

async function ttlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await ttlFiles(path)));
    else if (entry.name.endsWith('.ttl') && entry.name !== 'manifest.ttl') out.push(path);
  }
  return out;
}

function one(store: Store, s: Term, p: string): Term | undefined {
  return store.getObjects(s, p, null)[0];
}

const local = (iri: string | undefined): string => (iri ? iri.slice(Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/')) + 1) : '');
const termKey = (t: Term | undefined): string => (t === undefined ? '' : t.termType === 'BlankNode' ? '_:' : t.value);

function expectedResults(store: Store, report: Term): string[] {
  return store.getObjects(report, `${SH}result`, null).map((r) => [
    termKey(one(store, r, `${SH}focusNode`)), local(one(store, r, `${SH}sourceConstraintComponent`)?.value),
    local(one(store, r, `${SH}resultSeverity`)?.value), termKey(one(store, r, `${SH}value`)),
  ].join(' | ')).sort();
}

async function graphOf(store: Store, action: Term, predicate: string, fileIri: string, loaded: Store): Promise<Store> {
  const graph = one(store, action, predicate);
  if (!graph || graph.value === fileIri) return loaded;
  const text = await readFile(new URL(graph.value), 'utf8');
  return new Store(new Parser({ baseIRI: graph.value }).parse(text));
}

async function runTest(store: Store, test: Term, fileIri: string, file: string): Promise<ShaclTestResult> {
  const name = test.value.slice(test.value.lastIndexOf('/') + 1);
  const action = one(store, test, `${MF}action`);
  const result = one(store, test, `${MF}result`);
  if (!action || !result) return { file, test: name, passed: false, reason: 'no action or result' };
  const data = await graphOf(store, action, `${SHT}dataGraph`, fileIri, store);
  const shapes = await graphOf(store, action, `${SHT}shapesGraph`, fileIri, store);
  let report;
  try {
    report = await validateShapes({ data, shapes });
  } catch (error) {
    const expectFailure = result.termType === 'NamedNode' && result.value === `${SHT}Failure`;
    return { file, test: name, passed: expectFailure, ...(expectFailure ? {} : { reason: `threw: ${(error as Error).message}` }) };
  }
  const conforms = one(store, result, `${SH}conforms`)?.value === 'true';
  const expected = expectedResults(store, result);
  const actual = report.violations.map((v) => [v.focusNode.startsWith('_:') ? '_:' : v.focusNode, v.constraint, v.severity, v.value === null ? '' : v.value.startsWith('_:') ? '_:' : v.value].join(' | ')).sort();
  if (conforms !== report.conforms) return { file, test: name, passed: false, reason: `conforms ${report.conforms}, expected ${conforms}` };
  const same = expected.length === actual.length && expected.every((e, i) => e === actual[i]);
  return same ? { file, test: name, passed: true } : { file, test: name, passed: false, reason: `results differ: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}` };
}

/** Runs every sht:Validate test under `dir` (files parsed with a hierarchical file: base IRI). */
export async function runShaclSuite(dir: string): Promise<ShaclTestResult[]> {
  const results: ShaclTestResult[] = [];
  for (const file of await ttlFiles(dir)) {
    const fileIri = pathToFileURL(file).href;
    let quads: Quad[];
    try {
      quads = new Parser({ baseIRI: fileIri }).parse(await readFile(file, 'utf8'));
    } catch (error) {
      results.push({ file, test: file, passed: false, reason: `parse: ${(error as Error).message}` });
      continue;
    }
    const store = new Store(quads);
    for (const test of store.getSubjects(RDF_TYPE, `${SHT}Validate`, null)) results.push(await runTest(store, test, fileIri, file));
  }
  return results;
}
