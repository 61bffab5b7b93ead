/** Property encoding of the Neo4j store: what Neo4j cannot hold natively (null, reserved keys) round-trips. */
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { decodeProps, encodeProps, storedKey, toJsNumber } from './props-codec.js';

describe('props codec', () => {
  it('stores scalars and arrays natively, nulls in _nulls and reserved or underscore keys escaped', () => {
    const props = { name: 'x', n: 1, ok: false, none: null, tags: ['a'], empty: [], id: 'user-id', kind: 'k', _version: 3, _p_a: 1 };
    const stored = encodeProps(props, 'node-1', 'Camera', '/nodes/0/props');
    expect(stored).toEqual({
      id: 'node-1',
      kind: 'Camera',
      name: 'x',
      n: 1,
      ok: false,
      tags: ['a'],
      empty: [],
      _p_id: 'user-id',
      _p_kind: 'k',
      _p__version: 3,
      _p__p_a: 1,
      _nulls: ['none'],
    });
    expect(decodeProps({ ...stored, _version: neo4j.int(9) })).toEqual(props);
    expect([storedKey('name'), storedKey('id'), storedKey('_x')]).toEqual(['name', '_p_id', '_p__x']);
  });

  it('reads Neo4j INTEGERs written by other clients as numbers', () => {
    expect(decodeProps({ id: 'a', kind: 'Zone', count: neo4j.int(42), levels: [neo4j.int(1), 2.5] })).toEqual({ count: 42, levels: [1, 2.5] });
    expect([toJsNumber(neo4j.int(7)), toJsNumber(3.5), toJsNumber(BigInt(5)), toJsNumber('x')]).toEqual([7, 3.5, 5, Number.NaN]);
  });

  it('refuses values the port does not allow with CG_WRITE_INPUT_INVALID and a JSON pointer', () => {
    const refused = (props: unknown): [string, unknown] => {
      try {
        encodeProps(props as never, 'a', 'Zone', '/nodes/2/props');
      } catch (error) {
        const { code, details } = error as { code: string; details: { pointer: string } };
        return [code, details.pointer];
      }
      return ['none', null];
    };
    expect(refused({ level: Number.NaN })).toEqual(['CG_WRITE_INPUT_INVALID', '/nodes/2/props/level']);
    expect(refused({ mixed: ['a', 1] })).toEqual(['CG_WRITE_INPUT_INVALID', '/nodes/2/props/mixed']);
    expect(refused({ nested: { a: 1 } })).toEqual(['CG_WRITE_INPUT_INVALID', '/nodes/2/props/nested']);
    expect(refused({ inf: [1, Number.POSITIVE_INFINITY] })).toEqual(['CG_WRITE_INPUT_INVALID', '/nodes/2/props/inf']);
    expect(refused([1])).toEqual(['CG_WRITE_INPUT_INVALID', '/nodes/2/props']);
  });
});
