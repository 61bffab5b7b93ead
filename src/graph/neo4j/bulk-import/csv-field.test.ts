import { describe, expect, it } from 'vitest';
import { ARRAY_DELIMITER, csvColumnType, csvField, csvHeaderEntry, csvKeyFits, csvNumber, csvText, hasLineBreak } from './csv-field.js';

describe('csv fields for neo4j-admin import', () => {
  it('quotes text only when needed, doubling quotes, and keeps the empty string distinct from no value', () => {
    expect(['plain-id_1', 'a|poweredBy|b', 'cam:1', '', 'two words', 'a,b', 'say "hi"', 'x\ny', ' pad ', 'é', 'back\\'].map(csvText)).toEqual([
      'plain-id_1',
      'a|poweredBy|b',
      'cam:1',
      '""',
      '"two words"',
      '"a,b"',
      '"say ""hi"""',
      '"x\ny"',
      '" pad "',
      '"é"',
      '"back\\"',
    ]);
  });

  it('writes doubles that Java reads back to the same number, -0 included', () => {
    expect([0, -0, 1.5, -2, 1e21, 5e-324, 2 ** 60, 0.1 + 0.2].map(csvNumber)).toEqual([
      '0',
      '-0.0',
      '1.5',
      '-2',
      '1e+21',
      '5e-324',
      '1152921504606847000',
      '0.30000000000000004',
    ]);
  });

  it('types values, and leaves to fix-ups what the importer cannot express', () => {
    const values = ['s', 1, true, ['a'], [1], [], [''], ['', ''], [`a${ARRAY_DELIMITER}b`]] as const;
    expect(values.map((value) => csvColumnType(value))).toEqual([
      'string',
      'double',
      'boolean',
      'string[]',
      'double[]',
      undefined,
      undefined,
      'string[]',
      undefined,
    ]);
  });

  it('joins arrays on the array delimiter and quotes the field when an element needs it', () => {
    expect(csvField(['a', 'b'], 'string[]')).toBe(`"a${ARRAY_DELIMITER}b"`);
    expect(csvField(['', 'x,y', ''], 'string[]')).toBe(`"${ARRAY_DELIMITER}x,y${ARRAY_DELIMITER}"`);
    expect(csvField([1, -0, 2.5], 'double[]')).toBe(`1${ARRAY_DELIMITER}-0.0${ARRAY_DELIMITER}2.5`);
    expect([csvField(true, 'boolean'), csvField(false, 'boolean'), csvField('', 'string')]).toEqual(['true', 'false', '""']);
  });

  it('accepts header keys unless empty, starting with a colon or holding a line break', () => {
    expect(['name', 'we,ird:key', 'quo"te', '', ':LABEL', 'a\nb'].map(csvKeyFits)).toEqual([true, true, true, false, false, false]);
    expect([csvHeaderEntry('name', 'string'), csvHeaderEntry('we,ird:key', 'double'), csvHeaderEntry('id:ID')]).toEqual([
      'name:string',
      '"we,ird:key:double"',
      'id:ID',
    ]);
    expect([hasLineBreak('a\rb'), hasLineBreak('a\nb'), hasLineBreak('a b')]).toEqual([true, true, false]);
  });
});
