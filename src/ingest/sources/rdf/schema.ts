/**
 * RDF inputs: any of the six W3C syntaxes (rdf/parse-rdf.ts), told apart by
 * file extension. Two kinds of content matter to the property graph: cg:
 * instances (subjects typed with a cg: node kind) and D3FEND defensive
 * techniques (subjects with `d3f:d3fend-id`); everything else (SOSA, SAREF,
 * Brick vocabularies) is ontology knowledge used for alignment and inference.
 */
export { rdfSyntaxOf, RDF_SYNTAXES, type RdfSyntax } from '../../rdf/parse-rdf.js';

export const D3F = 'http://d3fend.mitre.org/ontologies/d3fend.owl#';
export const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
export const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
