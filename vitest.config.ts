import { configDefaults, defineConfig } from 'vitest/config';
import { SummaryReporter } from './tests/setup/summary-reporter.js';

const roots = ['src', 'tests', 'tools', 'rules'];

/**
 * Two projects: `unit` (no external services) and `integration` (`*.int.test.ts`,
 * against a real Neo4j and a real broker). Vitest runs a project's global setup
 * only when that project has files in the run, so unit-only runs never start a JVM.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default', new SummaryReporter()],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: roots.map((root) => `${root}/**/*.test.ts`),
          exclude: [...configDefaults.exclude, '**/*.int.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: roots.map((root) => `${root}/**/*.int.test.ts`),
          globalSetup: ['tests/setup/neo4j-global-setup.ts'],
        },
      },
    ],
  },
});
