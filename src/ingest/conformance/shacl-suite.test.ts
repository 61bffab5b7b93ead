import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../testing/fixture-paths.js';
import { runShaclSuite } from './shacl-suite.js';

/** The counts recorded in src/ingest/README.md (98 sht:Validate tests in tests/core). */
const EXPECTED = { tests: 98, passed: 98 };

describe('W3C SHACL Core test suite through validateShapes', () => {
  it(`passes the recorded number of tests`, async () => {
    const results = await runShaclSuite(join(repoRoot(), 'fixtures', 'sources', 'w3c-shacl', 'core'));
    const passed = results.filter((r) => r.passed).length;
    console.log(`W3C SHACL core: ${passed}/${results.length} passed`);
    for (const r of results.filter((x) => !x.passed)) console.log(`  FAIL ${r.test}: ${r.reason?.slice(0, 300)}`);
    expect({ tests: results.length, passed }).toEqual(EXPECTED);
  });
});
