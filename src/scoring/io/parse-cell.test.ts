import { describe, expect, it } from 'vitest';
import { parseCell } from './parse-cell.js';

describe('parseCell', () => {
  it('reads numbers, padded state words and empties, and refuses anything else', () => {
    expect(['12.5', ' -3 ', 'high ', ' off', 'TRUE  ', 'closed', '', 'n/a'].map(parseCell)).toEqual([12.5, -3, 1, 0, 1, 0, Number.NaN, undefined]);
  });
});
