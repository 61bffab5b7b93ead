import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPolicyTests } from './run-policy-tests.js';

const rulesDir = join(import.meta.dirname, '..', '..', 'rules');

describe('policy test runner over the starter pack', () => {
  it('passes every case of rules/tests with no diagnostics', () => {
    const report = runPolicyTests({ dir: rulesDir });
    expect(report.diagnostics).toEqual([]);
    expect(report.results.filter((r) => !r.ok)).toEqual([]);
    expect(report.passed).toBe(28);
    expect(report.failed).toBe(0);
  });

  it('fails a case whose expected decision differs, naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-rules-'));
    cpSync(rulesDir, dir, { recursive: true });
    const file = join(dir, 'tests', 'gateway-ransomware.json');
    const testCase = JSON.parse(readFileSync(file, 'utf8')) as { expect: Record<string, string[]> };
    testCase.expect['chosen'] = ['isolate-device@gw-shared'];
    writeFileSync(file, JSON.stringify(testCase));
    const report = runPolicyTests({ dir });
    expect(report.failed).toBe(1);
    expect(report.results.find((r) => !r.ok)).toMatchObject({
      file: 'tests/gateway-ransomware.json',
      failures: [{ field: 'chosen', expected: ['isolate-device@gw-shared'], actual: ['filter-traffic@gw-shared'] }],
    });
  });
});
