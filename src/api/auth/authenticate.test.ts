import { SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EngineError } from '../../core/index.js';
import { resolveApiConfig } from '../api-config.js';
import { authenticate } from './authenticate.js';

const SECRET = 'a-secret-that-is-at-least-32-bytes-long!!';
const OTHER_SECRET = 'another-secret-that-is-32-bytes-or-more!!';
const KEYS = 'reader-key-0123456789abc:reader,soc-key-0123456789abcdef:soc';

function config(secret = SECRET) {
  return resolveApiConfig({ port: 0, apiKeys: KEYS, jwtSecret: secret, auditLogPath: '/dev/null', refreshIntervalMs: 0 });
}

function token(claims: Record<string, unknown>, secret = SECRET, expiresAt?: number): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('alice');
  if (expiresAt !== undefined) jwt.setExpirationTime(expiresAt);
  return jwt.sign(new TextEncoder().encode(secret));
}

async function code(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (error) {
    if (error instanceof EngineError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('authenticate (API keys, JWT with a verified-token cache)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('finds the role of a configured key and refuses an unknown one', async () => {
    const c = config();
    expect(await authenticate({ 'x-api-key': 'soc-key-0123456789abcdef' }, c)).toEqual({ role: 'soc', subject: 'api-key#2', anonymous: false, via: 'api-key' });
    expect(await authenticate({ 'x-api-key': ['reader-key-0123456789abc', 'x'] }, c)).toEqual({ role: 'reader', subject: 'api-key#1', anonymous: false, via: 'api-key' });
    expect(await code(authenticate({ 'x-api-key': 'soc-key-0123456789abcdeX' }, c))).toBe('CG_API_TOKEN_INVALID');
    expect(await code(authenticate({}, c))).toBe('CG_API_UNAUTHENTICATED');
  });

  it('answers a token seen before as it did the first time, until its exp, then refuses it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-05-01T12:00:00.000Z'));
    const c = config();
    const exp = Math.floor(Date.now() / 1000) + 60;
    const bearer = `Bearer ${await token({ role: 'SOC' }, SECRET, exp)}`;
    const expected = { role: 'soc', subject: 'alice', anonymous: false, via: 'jwt' };
    expect(await authenticate({ authorization: bearer }, c)).toEqual(expected);
    expect(await authenticate({ authorization: bearer }, c)).toEqual(expected);
    vi.setSystemTime(new Date(exp * 1000 - 1));
    expect(await authenticate({ authorization: bearer }, c)).toEqual(expected);
    vi.setSystemTime(new Date(exp * 1000));
    expect(await code(authenticate({ authorization: bearer }, c))).toBe('CG_API_TOKEN_INVALID');
    expect(await code(authenticate({ authorization: bearer }, c))).toBe('CG_API_TOKEN_INVALID');
  });

  it('never lets a token verified under one secret pass under another, nor caches refusals', async () => {
    const bearer = `Bearer ${await token({ role: 'architect' })}`;
    expect((await authenticate({ authorization: bearer }, config())).role).toBe('architect');
    expect(await code(authenticate({ authorization: bearer }, config(OTHER_SECRET)))).toBe('CG_API_TOKEN_INVALID');
    const c = config();
    const forged = `Bearer ${await token({ role: 'architect' }, OTHER_SECRET)}`;
    expect(await code(authenticate({ authorization: forged }, c))).toBe('CG_API_TOKEN_INVALID');
    expect(await code(authenticate({ authorization: forged }, c))).toBe('CG_API_TOKEN_INVALID');
    const noRole = `Bearer ${await token({ role: 'admin' })}`;
    expect(await code(authenticate({ authorization: noRole }, c))).toBe('CG_API_TOKEN_INVALID');
    expect(await code(authenticate({ authorization: noRole }, c))).toBe('CG_API_TOKEN_INVALID');
  });
});
