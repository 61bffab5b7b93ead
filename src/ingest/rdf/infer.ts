/**
 * Forward-chaining RDFS + OWL 2 RL subset to a fixed point (W3C OWL 2 Profiles
 * §4.3, tables 4–9; RDF 1.1 Semantics §9.2):
 *   scm-sco / cax-sco   C ⊑ D, D ⊑ E ⇒ C ⊑ E;  x a C, C ⊑ D ⇒ x a D
 *   scm-spo / prp-spo1  P ⊑ Q ⇒ (s P o ⇒ s Q o)
 *   prp-dom / prp-rng   P domain C ⇒ (s P o ⇒ s a C);  P range C ⇒ o a C (IRIs only)
 *   prp-inv1/2          P inverseOf Q ⇒ (s P o ⇔ o Q s)
 *   prp-trp             P a TransitiveProperty ⇒ (x P y, y P z ⇒ x P z)
 *   cax-eqc / prp-eqp   equivalentClass / equivalentProperty ⇒ mutual ⊑
 * Each derived triple is new; the result lists them with the rule that made
 * them, so a caller can cite provenance (DESIGN §3 derivedFrom).
 */
import { DataFactory, type Quad, type Store, type Term } from 'n3';

const { namedNode, quad } = DataFactory;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const OWL = 'http://www.w3.org/2002/07/owl#';

export type InferenceRule = 'scm-sco' | 'cax-sco' | 'scm-spo' | 'prp-spo1' | 'prp-dom' | 'prp-rng' | 'prp-inv' | 'prp-trp' | 'cax-eqc' | 'prp-eqp';

export interface InferredTriple {
  readonly quad: Quad;
  readonly rule: InferenceRule;
}

export interface InferOptions {
  /** Stop after this many derived triples (a guard against runaway ontologies). Default 1,000,000. */
  readonly maxDerived?: number;
}

type Emit = (s: Term, p: string, o: Term, rule: InferenceRule) => void;

function schemaPass(store: Store, emit: Emit): void {
  for (const q of store.getQuads(null, namedNode(`${OWL}equivalentClass`), null, null)) {
    emit(q.subject, `${RDFS}subClassOf`, q.object, 'cax-eqc');
    emit(q.object, `${RDFS}subClassOf`, q.subject, 'cax-eqc');
  }
  for (const q of store.getQuads(null, namedNode(`${OWL}equivalentProperty`), null, null)) {
    emit(q.subject, `${RDFS}subPropertyOf`, q.object, 'prp-eqp');
    emit(q.object, `${RDFS}subPropertyOf`, q.subject, 'prp-eqp');
  }
  for (const [predicate, rule] of [[`${RDFS}subClassOf`, 'scm-sco'], [`${RDFS}subPropertyOf`, 'scm-spo']] as const) {
    for (const a of store.getQuads(null, namedNode(predicate), null, null)) {
      for (const b of store.getQuads(a.object, namedNode(predicate), null, null)) emit(a.subject, predicate, b.object, rule);
    }
  }
}

function instancePass(store: Store, emit: Emit): void {
  for (const sco of store.getQuads(null, namedNode(`${RDFS}subClassOf`), null, null)) {
    for (const x of store.getSubjects(namedNode(RDF_TYPE), sco.subject, null)) emit(x, RDF_TYPE, sco.object, 'cax-sco');
  }
  for (const spo of store.getQuads(null, namedNode(`${RDFS}subPropertyOf`), null, null)) {
    if (spo.subject.termType !== 'NamedNode' || spo.object.termType !== 'NamedNode') continue;
    for (const t of store.getQuads(null, spo.subject, null, null)) emit(t.subject, spo.object.value, t.object, 'prp-spo1');
  }
  for (const [predicate, rule] of [[`${RDFS}domain`, 'prp-dom'], [`${RDFS}range`, 'prp-rng']] as const) {
    for (const d of store.getQuads(null, namedNode(predicate), null, null)) {
      for (const t of store.getQuads(null, d.subject, null, null)) {
        const node = rule === 'prp-dom' ? t.subject : t.object;
        if (node.termType === 'NamedNode' || node.termType === 'BlankNode') emit(node, RDF_TYPE, d.object, rule);
      }
    }
  }
  for (const inv of store.getQuads(null, namedNode(`${OWL}inverseOf`), null, null)) {
    for (const t of store.getQuads(null, inv.subject, null, null)) if (t.object.termType !== 'Literal') emit(t.object, inv.object.value, t.subject, 'prp-inv');
    for (const t of store.getQuads(null, inv.object, null, null)) if (t.object.termType !== 'Literal') emit(t.object, inv.subject.value, t.subject, 'prp-inv');
  }
  for (const p of store.getSubjects(namedNode(RDF_TYPE), namedNode(`${OWL}TransitiveProperty`), null)) {
    for (const a of store.getQuads(null, p, null, null)) {
      for (const b of store.getQuads(a.object, p, null, null)) emit(a.subject, p.value, b.object, 'prp-trp');
    }
  }
}

/**
 * Adds the closure to `store` in place and returns the derived triples in
 * derivation order. Literals never become subjects (RDF 1.1 generalised triples
 * are not produced).
 */
export function inferClosure(store: Store, options: InferOptions = {}): InferredTriple[] {
  const max = options.maxDerived ?? 1_000_000;
  const derived: InferredTriple[] = [];
  let added = true;
  while (added) {
    added = false;
    const emit: Emit = (s, p, o, rule) => {
      if (s.termType === 'Literal' || derived.length >= max) return;
      const q = quad(s as Quad['subject'], namedNode(p), o as Quad['object']);
      if (store.has(q)) return;
      store.addQuad(q);
      derived.push({ quad: q, rule });
      added = true;
    };
    schemaPass(store, emit);
    instancePass(store, emit);
  }
  return derived;
}
