import type { WriteBatch } from '../../src/graph/port.js';

/** Property values the CSV cannot carry plainly, keys the header cannot, and store-field clashes. */
export const ODD_PROPS = {
  name: 'Cam "one", north',
  note: 'multi\nline ✓ é 😀\r\nend',
  empty: '',
  gone: null,
  list: ['a', 'b,c', '', ' d '],
  nums: [1.5, -0, 1e21, 5e-324],
  one: [''],
  none: [],
  delimited: ['x\u001fy', 'z'],
  flag: false,
  zero: -0,
  big: 2 ** 60,
  id: 'user-id',
  kind: 'user-kind',
  _version: 'v',
  _nulls: ['n'],
  'we,ird:key': 'k',
  ':colon': 1,
  'line\nkey': 2,
  'quo"te': 'q',
  back: 'ends with \\',
  padded: '  both  ',
};

/**
 * The first batch of both bulk-import tests: a camera and an edge carrying {@link ODD_PROPS} (one
 * fix-up line each: `none`, `one`, `delimited`, `:colon`, `line\nkey`), a custom-id edge, a bare node,
 * and the camera written twice (the last wins). The edge comes before its endpoints, as a batch allows.
 */
export function oddBatch(): WriteBatch {
  return {
    edges: [
      { kind: 'poweredBy', from: 'odd:cam', to: 'odd:sub', props: ODD_PROPS },
      { id: 'odd:custom-edge', kind: 'relatesOddly', from: 'odd:sub', to: 'odd:cam', props: { weight: 0.5 } },
    ],
    nodes: [
      { id: 'odd:cam', kind: 'Camera', props: ODD_PROPS },
      { id: 'odd:sub', kind: 'Substation', props: { name: 'Süd, "A"' } },
      { id: 'odd:bare', kind: 'Hospital' },
      { id: 'odd:cam', kind: 'Camera', props: { ...ODD_PROPS, last: 'wins' } },
    ],
  };
}

/**
 * Two batches that write edge `de:e` twice (once each way between cameras `de:a` and `de:b`): the
 * importer accepts them, and the schema step must refuse the duplicate id (CG_IMPORT_DUPLICATE_ID).
 */
export function duplicateEdgeBatches(): WriteBatch[] {
  return [
    { nodes: [{ id: 'de:a', kind: 'Camera' }, { id: 'de:b', kind: 'Camera' }], edges: [{ id: 'de:e', kind: 'poweredBy', from: 'de:a', to: 'de:b' }] },
    { edges: [{ id: 'de:e', kind: 'poweredBy', from: 'de:b', to: 'de:a' }] },
  ];
}
