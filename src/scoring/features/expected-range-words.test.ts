import { describe, expect, it } from 'vitest';
import { rangeWords } from './expected-range-words.js';

describe('rangeWords', () => {
  it('shows enough decimals for the range to have a width, and says when the reading is inside it', () => {
    const narrow = rangeWords(22.503, 22.5072, 22.5118, ' m');
    expect([narrow.value(22.503), narrow.range]).toEqual(['22.5030', 'expected 22.5072–22.5118 m']);
    const inside = rangeWords(2.978, 2.9721, 2.9843, ' m');
    expect([inside.value(2.978), inside.range]).toEqual(['2.978', 'within the expected 2.972–2.984 m']);
    const wide = rangeWords(23.64, 28.39, 30.1, ' L/s');
    expect([wide.value(23.64), wide.range]).toEqual(['23.64', 'expected 28.39–30.10 L/s']);
    expect(rangeWords(1, 1, 1, '').range).toBe('within the expected 1.00–1.00');
  });
});
