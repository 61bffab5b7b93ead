import { describe, expect, it } from 'vitest';
import { EngineError } from '../core/index.js';
import { loadConfig } from './load-config.js';

describe('loadConfig', () => {
  it('fills every default and freezes the result', () => {
    const config = loadConfig();
    expect(config.store).toEqual({
      kind: 'embedded',
      path: './civgraph.db',
      neo4j: { uri: 'bolt://127.0.0.1:7687', user: 'neo4j', password: '', database: 'neo4j', batchSize: 5000 },
    });
    expect(Object.isFrozen(config.store.neo4j)).toBe(true);
  });

  it('layers file < environment < flags', () => {
    const config = loadConfig({
      file: { path: 'c.json', value: { store: { path: 'file.db', neo4j: { user: 'fileuser' } } } },
      env: { CIVGRAPH_STORE_PATH: 'env.db', NEO4J_USER: 'envuser' },
      overrides: { store: { path: 'flag.db', neo4j: { user: undefined } } },
    });
    expect(config.store.path).toBe('flag.db');
    expect(config.store.neo4j.user).toBe('envuser');
  });

  it('reports every problem together, with its key', () => {
    let caught: unknown;
    try {
      loadConfig({ file: { path: 'c.json', value: { store: { kind: 'mongo', colour: 'red' }, log: { level: 'loud' } } } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EngineError);
    const error = caught as EngineError;
    expect(error.code).toBe('CG_CONFIG_INVALID');
    const paths = (error.details['issues'] as { path: string }[]).map((i) => i.path).sort();
    expect(paths).toEqual(['log.level', 'store', 'store.kind']);
    expect(error.message).toContain('c.json');
  });

  it('rejects a file that is not an object', () => {
    expect(() => loadConfig({ file: { path: 'c.json', value: [1] } })).toThrow(/must be a JSON object/);
  });
});
