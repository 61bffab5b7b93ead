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

  it('shows the decimal that tells a reading just outside its range from the bound', () => {
    // Test set, 16/01/17 12: J307 read 22.50 m against a low bound of 22.5004 m.
    const edge = rangeWords(22.5, 22.5004, 22.517, ' m');
    expect([edge.value(22.5), edge.range]).toEqual(['22.5000', 'expected 22.5004–22.5170 m']);
    const above = rangeWords(30.104, 28.39, 30.1, ' L/s');
    expect([above.value(30.104), above.range]).toEqual(['30.104', 'expected 28.390–30.100 L/s']);
    // Inside, the range's width alone decides.
    expect(rangeWords(22.501, 22.5004, 22.517, ' m').value(22.501)).toBe('22.501');
  });
});
