/**
 * The ontology capability: the generated vocabulary (node kinds, edge kinds, edge sets,
 * propagation defaults) from ontology/civgraph.ttl, kind helpers, loading the ontology as RDF and
 * SHACL validation. The only public entry of src/ontology/.
 */
export * from './generated/vocab.generated.js';
export { labelsOf, isNodeKind, isEdgeKind, edgeKindInfo } from './kinds.js';
export { ontologyDir, ontologyFile, shapesDir, alignmentsDir, generatedVocabFile } from './ontology-paths.js';
export { loadOntology, loadShapes, readTurtleFile, type LoadOntologyOptions } from './load-ontology.js';
export { parseTurtle, type ParseTurtleOptions } from './parse-turtle.js';
export {
  validateShapes,
  type ShapeReport,
  type ShapeViolation,
  type ValidateShapesOptions,
} from './validate-shapes.js';
export { generateVocab, type GeneratedVocab } from './generate-vocab.js';
