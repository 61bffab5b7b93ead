import { DataFactory, Parser, Store } from 'n3';
import { describe, expect, it } from 'vitest';
import { inferClosure } from './infer.js';

const { namedNode } = DataFactory;

function closure(turtle: string): { lines: string[]; rules: string[] } {
  const store = new Store(new Parser().parse(`@prefix : <http://e/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n${turtle}`));
  const derived = inferClosure(store);
  const short = (v: string) => v.replace('http://e/', ':').replace('http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'a').replace('http://www.w3.org/2000/01/rdf-schema#', 'rdfs:');
  return { lines: derived.map((d) => `${short(d.quad.subject.value)} ${short(d.quad.predicate.value)} ${short(d.quad.object.value)}`).sort(), rules: [...new Set(derived.map((d) => d.rule))].sort() };
}

describe('inferClosure (RDFS + OWL 2 RL subset)', () => {
  it('closes subClassOf and types instances', () => {
    expect(closure(':A rdfs:subClassOf :B . :B rdfs:subClassOf :C . :x a :A .').lines).toEqual([':A rdfs:subClassOf :C', ':x a :B', ':x a :C']);
  });
  it('applies subPropertyOf, domain and range', () => {
    expect(closure(':p rdfs:subPropertyOf :q . :q rdfs:domain :D ; rdfs:range :R . :s :p :o .').lines).toEqual([':o a :R', ':s :q :o', ':s a :D']);
  });
  it('applies inverseOf, TransitiveProperty and equivalentClass', () => {
    const r = closure(':in owl:inverseOf :out . :a :out :b . :t a owl:TransitiveProperty . :a :t :b . :b :t :c . :E owl:equivalentClass :F . :y a :E .');
    expect(r.lines).toEqual([':E rdfs:subClassOf :E', ':E rdfs:subClassOf :F', ':F rdfs:subClassOf :E', ':F rdfs:subClassOf :F', ':a :t :c', ':b :in :a', ':y a :F']);
    expect(r.rules).toEqual(['cax-eqc', 'cax-sco', 'prp-inv', 'prp-trp', 'scm-sco']);
  });
  it('never makes a literal a subject', () => {
    const store = new Store(new Parser().parse('@prefix : <http://e/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . :p rdfs:range :R . :s :p "lit" .'));
    inferClosure(store);
    expect(store.getQuads(null, namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), null, null)).toEqual([]);
  });
});
