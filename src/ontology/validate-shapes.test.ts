import { join } from 'node:path';
import { Parser, Store } from 'n3';
import { describe, expect, it } from 'vitest';
import { loadOntology, loadShapes, ontologyDir, readTurtleFile, validateShapes } from './index.js';
import { testRootDir } from './test-paths.js';

const CG = 'https://w3id.org/civgraph#';
const SH = 'https://w3id.org/civgraph/shapes#';
const EX = 'http://example.org/city/';
const PREFIXES = '@prefix cg: <https://w3id.org/civgraph#> . @prefix ex: <http://example.org/city/> .\n';

function data(turtle: string): Store {
  return new Store(new Parser().parse(PREFIXES + turtle));
}

async function edgeKindShape(): Promise<Store> {
  return new Store(await readTurtleFile(join(ontologyDir(testRootDir()), 'shapes', 'edge-kind.ttl')));
}

describe('edge-kind shape', () => {
  it('the ontology itself conforms', async () => {
    const ontology = await loadOntology({ dir: ontologyDir(testRootDir()) });
    expect(await validateShapes({ data: ontology, shapes: await edgeKindShape() })).toEqual({
      conforms: true,
      violations: [],
    });
  });

  it('reports an edge kind with a missing transmission and a bad direction', async () => {
    const poweredBy = `${CG}poweredBy`;
    const broken = data(`
      cg:poweredBy a <http://www.w3.org/2002/07/owl#ObjectProperty> ;
        <http://www.w3.org/2000/01/rdf-schema#label> "powered by" ;
        <http://www.w3.org/2000/01/rdf-schema#comment> "x" ;
        <http://www.w3.org/2000/01/rdf-schema#domain> cg:Asset ;
        <http://www.w3.org/2000/01/rdf-schema#range> cg:Asset ;
        cg:carriesImpact cg:LossOfAvailability ;
        cg:defaultDelayHours 0.0 ;
        cg:propagationDirection "sideways" ;
        cg:combination "noisyOr" ;
        cg:edgeSet "power", "propagation" .`);
    const report = await validateShapes({ data: broken, shapes: await edgeKindShape() });
    expect(report.conforms).toBe(false);
    expect(report.violations.map((v) => [v.focusNode, v.path, v.shape, v.constraint, v.value])).toEqual([
      [poweredBy, null, `${SH}EdgeKindShape`, 'XoneConstraintComponent', poweredBy],
      [poweredBy, `${CG}defaultTransmission`, `${SH}EdgeKindShape`, 'MinCountConstraintComponent', null],
      [poweredBy, `${CG}propagationDirection`, `${SH}EdgeKindShape`, 'InConstraintComponent', 'sideways'],
    ]);
  });
});

describe('node shapes', () => {
  it('a valid city fragment conforms', async () => {
    const shapes = await loadShapes({ dir: ontologyDir(testRootDir()) });
    const city = data(`
      ex:cam1 a cg:Camera ; cg:name "Camera 1" ; cg:domain "PublicSafety" ; cg:zone "z-3-4" ;
        cg:lat 48.85 ; cg:lon 2.35 ; cg:defaultCredentials false ; cg:mac "00:1A:2b:3c:4d:5e" .
      ex:water a cg:WaterSupplyService ; cg:name "Water" ; cg:criticality 5 ; cg:peopleServed 120000 ;
        cg:domain "Water" .
      ex:hospital a cg:Hospital ; cg:name "St Anne" ; cg:backupHours 12.0 .
      ex:tank a cg:Tank ; cg:name "Tank T1" ; cg:storageHours 6.5 .
      ex:pumps a cg:RedundancyGroup ; cg:requiredCount 1 ; cg:hasMember ex:p1, ex:p2 .
      ex:p1 a cg:Pump ; cg:name "P1" ; cg:domain "Water" .
      ex:p2 a cg:Pump ; cg:name "P2" ; cg:domain "Water" .
      ex:cve a cg:Vulnerability ; cg:cveId "CVE-2021-44228" ; cg:cvss 10.0 ; cg:exploitability 0.97 .
      ex:t0831 a cg:Technique ; cg:attackId "T0831" .
      ex:t1059 a cg:Technique ; cg:attackId "T1059.001" .
      ex:obs1 a cg:Observation ; cg:observedBy ex:cam1 ; cg:value 21.5 ; cg:unit "Cel" ;
        cg:observedAt "2026-11-22T04:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .`);
    expect(await validateShapes({ data: city, shapes })).toEqual({ conforms: true, violations: [] });
  });

  it('a bad city fragment yields exactly the expected violations', async () => {
    const shapes = await loadShapes({ dir: ontologyDir(testRootDir()) });
    const city = data(`
      ex:cam1 a cg:Camera ; cg:domain "Nowhere" ; cg:lat 95.0 ; cg:defaultCredentials "yes" .
      ex:water a cg:WaterSupplyService ; cg:criticality 7 ; cg:peopleServed -1 .
      ex:hospital a cg:Hospital ; cg:name "St Anne" ; cg:backupHours -2.0 .
      ex:pumps a cg:RedundancyGroup ; cg:requiredCount 0 ; cg:hasMember ex:water .
      ex:cve a cg:Vulnerability ; cg:cveId "log4shell" ; cg:cvss 11.0 .
      ex:t1 a cg:Technique ; cg:attackId "T08" .
      ex:obs1 a cg:Observation ; cg:observedBy ex:water ; cg:observedAt "yesterday" .`);
    const report = await validateShapes({ data: city, shapes });
    expect(report.conforms).toBe(false);
    expect(report.violations.map((v) => [v.focusNode, v.path, v.shape, v.constraint])).toEqual([
      [`${EX}cam1`, `${CG}defaultCredentials`, `${SH}DeviceShape`, 'DatatypeConstraintComponent'],
      [`${EX}cam1`, `${CG}domain`, `${SH}AssetShape`, 'InConstraintComponent'],
      [`${EX}cam1`, `${CG}lat`, `${SH}AssetShape`, 'MaxInclusiveConstraintComponent'],
      [`${EX}cam1`, `${CG}name`, `${SH}DeviceShape`, 'MinCountConstraintComponent'],
      [`${EX}cve`, `${CG}cveId`, `${SH}VulnerabilityShape`, 'PatternConstraintComponent'],
      [`${EX}cve`, `${CG}cvss`, `${SH}VulnerabilityShape`, 'MaxInclusiveConstraintComponent'],
      [`${EX}hospital`, `${CG}backupHours`, `${SH}FacilityShape`, 'MinInclusiveConstraintComponent'],
      [`${EX}obs1`, `${CG}observedAt`, `${SH}HappeningShape`, 'DatatypeConstraintComponent'],
      [`${EX}obs1`, `${CG}observedBy`, `${SH}ObservationShape`, 'ClassConstraintComponent'],
      [`${EX}pumps`, `${CG}hasMember`, `${SH}RedundancyGroupShape`, 'ClassConstraintComponent'],
      [`${EX}pumps`, `${CG}requiredCount`, `${SH}RedundancyGroupShape`, 'MinInclusiveConstraintComponent'],
      [`${EX}t1`, `${CG}attackId`, `${SH}TechniqueShape`, 'PatternConstraintComponent'],
      [`${EX}water`, `${CG}criticality`, `${SH}ServiceShape`, 'MaxInclusiveConstraintComponent'],
      [`${EX}water`, `${CG}domain`, `${SH}ServiceShape`, 'MinCountConstraintComponent'],
      [`${EX}water`, `${CG}peopleServed`, `${SH}ServiceShape`, 'MinInclusiveConstraintComponent'],
    ]);
    expect(report.violations.every((v) => v.severity === 'Violation' && v.message !== '')).toBe(true);
  });
});
