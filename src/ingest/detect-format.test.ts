import { describe, expect, it } from 'vitest';
import { detectFormat } from './detect-format.js';

describe('detectFormat', () => {
  it('tells every supported format apart from name and first bytes', () => {
    const cases: [string, string, boolean][] = [
      ['a.ttl', '@prefix x: <y> .', false],
      ['a.jsonld', '{"@context": "https://smartdatamodels.org/context.jsonld", "id": "urn:x", "type": "Device"}', false],
      ['a.jsonld', '{"@context": {}, "@graph": [{"@id": "x"}]}', false],
      ['a.json', '{"type": "bundle", "id": "bundle--1", "objects": []}', false],
      ['a.json', '[{"bn": "urn:dev:x:", "v": 1}]', false],
      ['a.json', '{"id": "x", "type": "Device"}', false],
      ['a.json', '{"$schema": "http://json-schema.org/schema#", "id": "x", "type": "object"}', false],
      ['a.json', '{"devices": []}', true],
      ['a.log', '<134>1 2026-03-01T10:15:30Z h a - - - CEF:0|V|P|1|1|N|5|src=1', false],
      ['a.csv', 'tag,element,element_type,quantity,unit,reported_by_plc,attached_to\n', false],
      ['a.csv', 'id,name\n1,x\n', true],
      ['a.csv', 'id,name\n1,x\n', false],
    ];
    expect(cases.map(([file, text, mapping]) => detectFormat(file, text, mapping) ?? null)).toEqual([
      'rdf', 'ngsi-ld', 'rdf', 'stix', 'senml', 'ngsi-ld', null, 'json-mapping', 'cef', 'scada', 'csv', null,
    ]);
  });
});
