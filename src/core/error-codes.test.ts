import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_CODE_GROUPS, EXIT_CODES } from './error-codes.js';
import { EngineError } from './errors.js';

const docsDir = join(import.meta.dirname, '..', '..', 'docs');

/** Reads every `| CG_CODE | category | meaning |` row of the error docs. */
function documentedCodes(): Map<string, { category: string; file: string }> {
  const files = ['errors.md', ...readdirSync(join(docsDir, 'errors')).map((f) => join('errors', f))];
  const rows = new Map<string, { category: string; file: string }>();
  for (const file of files) {
    for (const line of readFileSync(join(docsDir, file), 'utf8').split('\n')) {
      const match = /^\|\s*(CG_[A-Z0-9_]+)\s*\|\s*([a-z_]+)\s*\|/.exec(line);
      if (!match) continue;
      const [, code, category] = match as unknown as [string, string, string];
      expect(rows.has(code), `${code} documented twice (${file})`).toBe(false);
      rows.set(code, { category, file });
    }
  }
  return rows;
}

describe('error code registry', () => {
  it('has no code defined by two capabilities', () => {
    const seen = new Map<string, string>();
    for (const [group, codes] of Object.entries(ERROR_CODE_GROUPS)) {
      for (const code of Object.keys(codes)) {
        expect(seen.get(code), `${code} in ${group} and ${seen.get(code)}`).toBeUndefined();
        seen.set(code, group);
      }
    }
    expect(seen.size).toBe(Object.keys(ERROR_CODES).length);
  });

  it('is documented exactly, with the same categories, in docs/errors*.md', () => {
    const documented = documentedCodes();
    const registry = Object.entries(ERROR_CODES).map(([code, spec]) => [code, spec.category] as const);
    expect(new Set(documented.keys())).toEqual(new Set(registry.map(([code]) => code)));
    for (const [code, category] of registry) expect(documented.get(code)?.category, code).toBe(category);
  });

  it('gives every category an exit code', () => {
    for (const spec of Object.values(ERROR_CODES)) expect(EXIT_CODES[spec.category]).toBeGreaterThan(0);
  });

  it('derives the category from the code and keeps details and cause', () => {
    const cause = new Error('disk full');
    const error = new EngineError('CG_FILE_UNWRITABLE', 'cannot write x', { details: { path: 'x' }, cause });
    expect(error.toJSON()).toEqual({
      code: 'CG_FILE_UNWRITABLE',
      category: 'unavailable',
      message: 'cannot write x',
      details: { path: 'x' },
    });
    expect(error.cause).toBe(cause);
  });
});
