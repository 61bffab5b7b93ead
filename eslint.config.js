// ESLint flat config. Lint can fail CI: `npm test` runs it before the tests.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

/**
 * The import direction of DESIGN.md §2, lowest layer first. A folder may import
 * from its own layer's lower neighbours and from every layer before it, never
 * from a later layer. Peers in one layer may import each other only where the
 * `peers` list allows it (no-cycle still applies).
 */
const LAYERS = [
  ['core'],
  ['config'],
  ['ontology'],
  ['graph', 'ingest'],
  ['sim', 'scoring', 'risk'],
  ['policy'],
  ['response'],
  ['decision'],
  ['pipeline'],
  ['api', 'cli'],
];
/** Allowed imports between peers of one layer: [from folder, may import folder]. */
const PEERS = [
  ['ingest', 'graph'],
  ['scoring', 'sim'],
  ['risk', 'sim'],
  ['risk', 'scoring'],
  ['cli', 'api'],
];

function zones() {
  const result = [];
  LAYERS.forEach((layer, index) => {
    const later = LAYERS.slice(index + 1).flat();
    for (const folder of layer) {
      const peersNotAllowed = layer.filter(
        (peer) => peer !== folder && !PEERS.some(([a, b]) => a === folder && b === peer),
      );
      const forbidden = [...later, ...peersNotAllowed];
      if (forbidden.length === 0) continue;
      result.push({
        target: `./src/${folder}`,
        from: forbidden.map((name) => `./src/${name}`),
        message: `DESIGN.md §2: src/${folder} must not import from a later layer or a non-allowed peer.`,
      });
    }
  });
  return result;
}

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'tools/neo4j/target/**', 'src/api/explorer/vendor/**', '**/*.generated.ts', 'bench/out/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    plugins: { 'import-x': importX },
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        performance: 'readonly',
        structuredClone: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        fetch: 'readonly',
        document: 'readonly',
        window: 'readonly',
        globalThis: 'readonly',
      },
    },
    settings: {
      'import-x/resolver': { typescript: { project: './tsconfig.json' }, node: true },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'import-x/no-restricted-paths': ['error', { zones: zones() }],
      'import-x/no-default-export': 'error',
      'import-x/no-cycle': ['error', { maxDepth: 12 }],
      'no-console': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Config files and plain scripts may default-export and print.
    files: ['eslint.config.js', 'vitest.config.ts', 'tools/**', 'bench/**', 'tests/setup/**', 'examples/**'],
    rules: { 'import-x/no-default-export': 'off', 'no-console': 'off' },
  },
  {
    files: ['**/*.test.ts', 'tests/**'],
    rules: { 'no-console': 'off' },
  },
);
