import { describe, expect, it } from 'vitest';
import { applyTransforms } from './apply-transforms.js';
import { getByPath, getByPointer, parseJsonPath } from './json-path.js';
import { parseMapping } from './load-mapping.js';

describe('applyTransforms', () => {
  it('converts units within a dimension and refuses across dimensions', () => {
    expect(applyTransforms('2', [{ type: 'unit', from: 'km', to: 'm' }])).toEqual({ ok: true, value: 2000 });
    expect(applyTransforms(32, [{ type: 'unit', from: 'degF', to: 'Cel' }])).toEqual({ ok: true, value: 0 });
    expect(applyTransforms(1, [{ type: 'unit', from: 'm', to: 's' }])).toEqual({ ok: false, reason: 'cannot convert m to s' });
  });
  it('looks up with a default, parses times, and stops a chain at null', () => {
    expect(applyTransforms('x', [{ type: 'lookup', table: { a: 1 }, default: 0 }])).toEqual({ ok: true, value: 0 });
    expect(applyTransforms('x', [{ type: 'lookup', table: { a: 1 } }])).toEqual({ ok: false, reason: 'no lookup entry for "x"' });
    expect(applyTransforms('06/01/14 13', [{ type: 'parseTime', format: 'dd/mm/yy HH' }])).toEqual({ ok: true, value: '2014-01-06T13:00:00.000Z' });
    expect(applyTransforms(0, [{ type: 'nullIf', values: [0] }, { type: 'number' }])).toEqual({ ok: true, value: null });
  });
});

describe('JSON pointer and JSONPath', () => {
  const doc = { a: { 'b/c': [1, 2], list: [{ x: 1 }, { x: 2 }] } };
  it('reads RFC 6901 pointers with escapes', () => {
    expect(getByPointer(doc, '/a/b~1c/1')).toBe(2);
    expect(getByPointer(doc, '/a/missing')).toBeUndefined();
  });
  it('reads the JSONPath subset and rejects filters', () => {
    expect(getByPath(doc, parseJsonPath('$.a.list[*].x') as never)).toEqual([1, 2]);
    expect(getByPath(doc, parseJsonPath("$['a']['b/c'][0]") as never)).toBe(1);
    expect(parseJsonPath('$..x')).toBe('unsupported JSONPath syntax at offset 1 in $..x');
  });
});

describe('parseMapping', () => {
  it('reports every problem with its pointer in the mapping file', () => {
    const bad = { format: 'csv', source: 's', record: { kind: 'Camera', id: { column: 'ID' }, props: { a: { path: '$[?(@.x)]' }, b: { column: 'B', transforms: [{ type: 'unit', from: 'm', to: 'parsec' }] } } } };
    expect(() => parseMapping(bad, 'bad.json')).toThrowError(/mapping bad\.json is invalid: \/record\/props\/b\/transforms\/0\/to: unknown unit.*\/record\/props\/a\/path: unsupported JSONPath syntax/);
  });
});
