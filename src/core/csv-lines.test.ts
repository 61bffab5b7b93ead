import { describe, expect, it } from 'vitest';
import { createLineIndex } from './csv-lines.js';

describe('createLineIndex', () => {
  it('counts CRLF, LF and lone CR as one line break each, by byte offset', () => {
    const text = 'a\r\nb\nc\rd\r\n\r\ne';
    const index = createLineIndex(Buffer.from(text));
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((o) => index.lineAt(o))).toEqual([1, 1, 1, 2, 2, 3, 3, 4, 4, 4, 5, 5, 6]);
    expect(index.skipBreaks(1)).toBe(3);
    expect(index.skipBreaks(8)).toBe(12);
    expect(index.nextLine(0)).toBe(3);
    expect(index.nextLine(4)).toBe(5);
    expect(index.nextLine(12)).toBe(13);
  });

  it('counts bytes, not characters: a two-byte ° shifts the offsets after it', () => {
    const bytes = Buffer.from('°C\nx');
    expect(bytes.length).toBe(5);
    expect(createLineIndex(bytes).lineAt(4)).toBe(2);
  });
});
