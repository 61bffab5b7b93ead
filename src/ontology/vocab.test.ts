import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  ABSTRACT_NODE_KINDS,
  DOMAINS,
  EDGE_KINDS,
  EDGE_KIND_INFO,
  EDGE_SETS,
  IMPACTS,
  NODE_KINDS,
  NODE_KIND_ANCESTORS,
  NODE_KIND_INFO,
  NODE_PROPERTIES,
  edgeKindInfo,
  generateVocab,
  generatedVocabFile,
  isEdgeKind,
  isNodeKind,
  labelsOf,
} from './index.js';
import { testRootDir } from './test-paths.js';

/** The edge-kind table of the ontology v1 contract: impacts, t, delay, direction, sets. */
const PROPAGATING = {
  poweredBy: [['availability'], 0.95, 0, 'reverse', ['power', 'propagation']],
  controlledBy: [['compromise', 'availability'], 0.8, 0.05, 'reverse', ['control', 'propagation']],
  networkedVia: [['compromise', 'visibility'], 0.5, 0.1, 'both', ['network', 'propagation']],
  suppliedBy: [['availability'], 0.9, 2, 'reverse', ['supply', 'propagation']],
  monitoredBy: [['visibility'], 0.7, 0, 'reverse', ['visibility', 'propagation']],
  dependsOn: [['availability'], 0.9, 0, 'reverse', ['dependency', 'propagation']],
  supports: [['availability'], 0.9, 0, 'forward', ['dependency', 'propagation']],
  hasMember: [['availability'], 1, 0, 'reverse', ['dependency', 'propagation']],
} as const;

const INERT_SETS = {
  locatedIn: 'structure',
  hasVulnerability: 'knowledge',
  hasWeakness: 'knowledge',
  exploits: 'knowledge',
  mitigatedBy: 'knowledge',
  implementedBy: 'knowledge',
  hasTactic: 'knowledge',
  subTechniqueOf: 'knowledge',
  revokedBy: 'knowledge',
  usesTechnique: 'happening',
  observedBy: 'happening',
  affects: 'happening',
  partOfIncident: 'happening',
  respondsTo: 'happening',
  feedbackOn: 'happening',
  derivedFrom: 'provenance',
} as const;

describe('generated vocabulary', () => {
  it('is not stale: regenerating from ontology/civgraph.ttl gives the committed file', async () => {
    const rootDir = testRootDir();
    const generated = await generateVocab({ rootDir });
    expect(generated.path).toBe(generatedVocabFile(rootDir));
    expect(await readFile(generated.path, 'utf8')).toBe(generated.text);
  });

  it('has the domains and impacts of the contract, in order', () => {
    expect(DOMAINS).toEqual([
      'Transportation', 'Energy', 'Water', 'Environment', 'PublicSafety', 'Health', 'Communications', 'Buildings',
    ]);
    expect(IMPACTS).toEqual(['compromise', 'availability', 'visibility']);
  });

  it('lists node and edge kinds sorted, with exactly the abstract kinds marked', () => {
    expect(NODE_KINDS).toHaveLength(65);
    expect([...NODE_KINDS]).toEqual([...NODE_KINDS].sort());
    expect([...EDGE_KINDS]).toEqual(Object.keys({ ...PROPAGATING, ...INERT_SETS }).sort());
    expect(ABSTRACT_NODE_KINDS).toEqual([
      'Actuator', 'Asset', 'Controller', 'Device', 'Facility', 'Happening', 'Knowledge', 'Sensor', 'Service',
    ]);
  });

  it('carries the propagation annotations of the contract for every edge kind', () => {
    for (const [kind, [impacts, transmission, delayHours, direction, sets]] of Object.entries(PROPAGATING)) {
      const info = edgeKindInfo(kind);
      expect({ impacts: info.impacts, transmission, delayHours, direction, sets }, kind).toEqual({
        impacts,
        transmission: info.transmission,
        delayHours: info.delayHours,
        direction: info.direction,
        sets: info.sets,
      });
      expect(info.combination, kind).toBe(kind === 'hasMember' ? 'kOfN' : 'noisyOr');
    }
    for (const [kind, set] of Object.entries(INERT_SETS)) {
      const info = edgeKindInfo(kind);
      expect([info.impacts, info.transmission, info.direction, info.combination, info.sets], kind).toEqual([
        [], 0, 'none', 'noisyOr', [set],
      ]);
    }
    expect([EDGE_KIND_INFO.supports.inverseOf, EDGE_KIND_INFO.dependsOn.inverseOf]).toEqual(['dependsOn', 'supports']);
  });

  it('gives every edge kind a domain, range, label, comment and UPPER_SNAKE type', () => {
    for (const kind of EDGE_KINDS) {
      const info = EDGE_KIND_INFO[kind];
      expect(info.domain.length, kind).toBeGreaterThan(0);
      expect(info.range.length, kind).toBeGreaterThan(0);
      expect(info.domain.every(isNodeKind) && info.range.every(isNodeKind), kind).toBe(true);
      expect(info.label, kind).not.toBe('');
      expect(info.comment, kind).not.toBe('');
      expect(info.relationshipType, kind).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
    }
    expect(EDGE_KIND_INFO.poweredBy.relationshipType).toBe('POWERED_BY');
    expect(EDGE_KIND_INFO.networkedVia.range).toEqual(['Gateway', 'NetworkSegment']);
    expect(EDGE_KIND_INFO.derivedFrom.domain).toEqual(['Asset', 'Happening', 'Knowledge', 'Service', 'Zone']);
  });

  it('groups edge kinds into named sets, propagation being exactly the kinds with impacts', () => {
    expect(EDGE_SETS.propagation).toEqual(Object.keys(PROPAGATING).sort());
    expect(EDGE_SETS.dependency).toEqual(['dependsOn', 'hasMember', 'supports']);
    expect(EDGE_SETS.structure).toEqual(['locatedIn']);
    expect(EDGE_SETS.provenance).toEqual(['derivedFrom']);
    for (const kind of EDGE_KINDS) expect(EDGE_KIND_INFO[kind].sets.length, kind).toBeGreaterThan(0);
  });

  it('describes node kinds and node properties', () => {
    expect(NODE_KIND_INFO.Camera).toEqual({
      iri: 'https://w3id.org/civgraph#Camera',
      label: 'Camera',
      comment: 'A video camera (CCTV, traffic or licence-plate camera).',
      parents: ['Sensor'],
    });
    expect(NODE_KIND_ANCESTORS.Zone).toEqual(['Zone']);
    expect(Object.keys(NODE_PROPERTIES)).toEqual([
      'attackId', 'backupHours', 'criticality', 'cveId', 'cvss', 'd3fendId', 'defaultCredentials', 'delayHours',
      'deprecated', 'domain', 'element', 'exploitability', 'firmwareVersion', 'ip', 'lat', 'lon', 'mac', 'model', 'name',
      'observedAt', 'peopleServed', 'requiredCount', 'revoked', 'serial', 'severity', 'site', 'source', 'storageHours',
      'transmission', 'unit', 'value', 'vendor', 'zone',
    ]);
    expect(NODE_PROPERTIES.criticality?.datatype).toBe('integer');
    expect(NODE_PROPERTIES.observedAt?.datatype).toBe('dateTime');
    expect(NODE_PROPERTIES.defaultCredentials?.datatype).toBe('boolean');
  });
});

describe('kind helpers', () => {
  it('labelsOf gives the kind then its superclasses, nearest first', () => {
    expect(labelsOf('Camera')).toEqual(['Camera', 'Sensor', 'Device', 'Asset']);
    expect(labelsOf('Hospital')).toEqual(['Hospital', 'Facility', 'Asset']);
    expect(labelsOf('WaterSupplyService')).toEqual(['WaterSupplyService', 'Service']);
  });

  it('rejects unknown kinds with CG_KIND_UNKNOWN', () => {
    const unknown = (kind: string) => expect.objectContaining({ code: 'CG_KIND_UNKNOWN', details: { kind } });
    expect(() => labelsOf('Toaster')).toThrow(unknown('Toaster'));
    expect(() => edgeKindInfo('toasts')).toThrow(unknown('toasts'));
    expect(() => labelsOf('toString')).toThrow(expect.objectContaining({ code: 'CG_KIND_UNKNOWN' }));
  });

  it('type guards accept exactly the ontology kinds', () => {
    expect([isNodeKind('Camera'), isNodeKind('poweredBy'), isNodeKind('constructor')]).toEqual([true, false, false]);
    expect([isEdgeKind('poweredBy'), isEdgeKind('Camera'), isEdgeKind('hasOwnProperty')]).toEqual([true, false, false]);
  });
});
