import { describe, expect, it } from 'vitest';
import { parseApiKeys, resolveApiConfig } from './api-config.js';

describe('API configuration', () => {
  it('parses key:role lists, trimming blanks', () => {
    expect([...parseApiKeys(' aaaaaaaaaaaaaaaa:architect, bbbbbbbbbbbbbbbb:READER ,')]).toEqual([
      ['aaaaaaaaaaaaaaaa', 'architect'],
      ['bbbbbbbbbbbbbbbb', 'reader'],
    ]);
  });

  it('refuses unknown roles, missing roles and short keys with CG_API_CONFIG_INVALID', () => {
    for (const text of ['aaaaaaaaaaaaaaaa:admin', 'aaaaaaaaaaaaaaaa', 'short:reader']) {
      expect(() => parseApiKeys(text)).toThrow(expect.objectContaining({ code: 'CG_API_CONFIG_INVALID', details: { setting: 'CIVGRAPH_API_KEYS' } }));
    }
  });

  it('fills defaults, freezes, and refuses weak secrets and bad numbers', () => {
    const config = resolveApiConfig({});
    expect({ ...config, apiKeys: [...config.apiKeys] }).toEqual({
      host: '127.0.0.1',
      port: 4000,
      apiKeys: [],
      allowAnonymousRead: false,
      maxDepth: 10,
      maxCost: 25_000,
      requestTimeoutMs: 10_000,
      auditLogPath: './civgraph-audit.jsonl',
      refreshIntervalMs: 5_000,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => resolveApiConfig({ jwtSecret: 'too-short' })).toThrow(expect.objectContaining({ code: 'CG_API_CONFIG_INVALID', details: { setting: 'CIVGRAPH_JWT_SECRET' } }));
    expect(() => resolveApiConfig({ maxDepth: 0 })).toThrow(expect.objectContaining({ code: 'CG_API_CONFIG_INVALID', details: { setting: 'maxDepth' } }));
  });
});
