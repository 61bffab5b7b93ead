import { describe, expect, it } from 'vitest';
import { bomLength, createLineIndex } from './csv-lines.js';

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

  it('ends a record at the first line break outside a quoted cell, a stray quote in an unquoted field being text', () => {
    const comma = Buffer.from(',');
    const end = (text: string, delimiter = comma): number => createLineIndex(Buffer.from(text)).recordEnd(0, delimiter);
    expect(end('1,"a\nb"z,c\r\nnext')).toBe(12);
    expect(end('1,x"y,"p\nq"\nnext')).toBe(12);
    expect(end('1,"say ""hi""\nthere",2\nnext')).toBe(23);
    expect(end('1;"a;\nb";c\n', Buffer.from(';'))).toBe(11);
    // An unclosed quote ends the record at its first line, not at the end of the buffer.
    expect(end('1,"open\n2,b\n')).toBe(8);
    expect(end('1,2')).toBe(3);
    expect(bomLength(Buffer.from('\ufeffa'))).toBe(3);
    expect(bomLength(Buffer.from('a'))).toBe(0);
  });

  it('counts bytes, not characters: a two-byte ° shifts the offsets after it', () => {
    const bytes = Buffer.from('°C\nx');
    expect(bytes.length).toBe(5);
    expect(createLineIndex(bytes).lineAt(4)).toBe(2);
  });
});
