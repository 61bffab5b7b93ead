import { hash, timingSafeEqual } from 'node:crypto';
import { jwtVerify } from 'jose';
import { EngineError } from '../../core/index.js';
import { ROLES, type ApiConfig, type Role } from '../api-config.js';

/** Who is calling: a role from an API key or a JWT, or an anonymous reader (demo mode only). */
export interface Principal {
  readonly role: Role;
  readonly subject: string;
  readonly anonymous: boolean;
  readonly via: 'api-key' | 'jwt' | 'anonymous';
}

/** The request headers authentication reads (lower-case names, as Node gives them). */
export interface AuthHeaders {
  readonly 'x-api-key'?: string | string[] | undefined;
  readonly authorization?: string | undefined;
}

/** SHA-256 of a credential (one-shot `crypto.hash`, Node ≥ 20.12: no Hash object per request). */
const digest = (text: string): Buffer => hash('sha256', text, 'buffer');

/** Digests of the configured keys, computed once per (frozen) key map rather than per request. */
const keyDigests = new WeakMap<ReadonlyMap<string, Role>, readonly { readonly digest: Buffer; readonly role: Role }[]>();

function digestsOf(keys: ReadonlyMap<string, Role>): readonly { readonly digest: Buffer; readonly role: Role }[] {
  let digests = keyDigests.get(keys);
  if (digests === undefined) {
    digests = [...keys].map(([key, role]) => ({ digest: digest(key), role }));
    keyDigests.set(keys, digests);
  }
  return digests;
}

/** Finds the role of an API key, comparing digests in constant time against every configured key. */
function roleOfKey(keys: ReadonlyMap<string, Role>, presented: string): { role: Role; index: number } | undefined {
  const wanted = digest(presented);
  let found: { role: Role; index: number } | undefined;
  digestsOf(keys).forEach((entry, index) => {
    if (timingSafeEqual(entry.digest, wanted) && found === undefined) found = { role: entry.role, index };
  });
  return found;
}

/** Verified tokens remembered per secret; at most this many, oldest first out. */
export const VERIFIED_TOKEN_CACHE_SIZE = 1_000;

interface VerifiedToken {
  readonly principal: Principal;
  /** Epoch ms from which the token is no longer accepted (its `exp`); Infinity without one. */
  readonly expiresAt: number;
}

/**
 * Per (frozen) configuration, hence per JWT secret: SHA-256 of a verified token (base64) → who it
 * names, until its `exp`. Goes away with the server's configuration.
 */
const verifiedTokens = new WeakMap<object, Map<string, VerifiedToken>>();

function tokenCacheOf(config: object): Map<string, VerifiedToken> {
  let cache = verifiedTokens.get(config);
  if (cache === undefined) {
    cache = new Map();
    verifiedTokens.set(config, cache);
  }
  return cache;
}

/**
 * A token this process already verified with the same secret, while its `exp` has not passed
 * (jose refuses a token at `exp`, so the cache does too). Keyed by the token's SHA-256, so the
 * lookup compares digests, never the secret-bearing token, and a forged token simply misses and
 * is verified in full. Only successes are cached; `nbf` in the future fails verification.
 */
function cachedPrincipal(cache: Map<string, VerifiedToken>, key: string): Principal | undefined {
  const hit = cache.get(key);
  if (hit === undefined) return undefined;
  if (Date.now() < hit.expiresAt) return hit.principal;
  cache.delete(key);
  return undefined;
}

async function verifyJwt(token: string, secret: string, cache: Map<string, VerifiedToken>): Promise<Principal> {
  const key = digest(token).toString('base64');
  const known = cachedPrincipal(cache, key);
  if (known !== undefined) return known;
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
    const role = typeof payload['role'] === 'string' ? payload['role'].toLowerCase() : '';
    if (!(ROLES as readonly string[]).includes(role)) {
      throw new EngineError('CG_API_TOKEN_INVALID', `the token's role claim must be one of ${ROLES.join(', ')}`);
    }
    const principal: Principal = { role: role as Role, subject: payload.sub ?? 'jwt', anonymous: false, via: 'jwt' };
    if (cache.size >= VERIFIED_TOKEN_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(key, { principal, expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : Number.POSITIVE_INFINITY });
    return principal;
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw new EngineError('CG_API_TOKEN_INVALID', 'the bearer token is not valid (malformed, expired or wrongly signed)', { cause: error });
  }
}

/**
 * Authenticates one request (DESIGN.md §9 roles): `X-API-Key: <key>` or
 * `Authorization: Bearer <HS256 JWT with a role claim>`. Without credentials the caller is an
 * anonymous reader when the server allows anonymous reads, and refused otherwise.
 */
export async function authenticate(headers: AuthHeaders, config: Pick<ApiConfig, 'apiKeys' | 'jwtSecret' | 'allowAnonymousRead'>): Promise<Principal> {
  const rawKey = headers['x-api-key'];
  const key = Array.isArray(rawKey) ? rawKey[0] : rawKey;
  if (key !== undefined && key !== '') {
    const found = roleOfKey(config.apiKeys, key);
    if (found === undefined) throw new EngineError('CG_API_TOKEN_INVALID', 'the API key is not known to this server');
    return { role: found.role, subject: `api-key#${found.index + 1}`, anonymous: false, via: 'api-key' };
  }
  const authorization = headers.authorization;
  if (authorization !== undefined && authorization !== '') {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (match === null || config.jwtSecret === undefined) {
      throw new EngineError('CG_API_TOKEN_INVALID', 'the Authorization header must be "Bearer <token>" and this server must have a JWT secret');
    }
    return verifyJwt(match[1] as string, config.jwtSecret, tokenCacheOf(config));
  }
  if (config.allowAnonymousRead) return { role: 'reader', subject: 'anonymous', anonymous: true, via: 'anonymous' };
  throw new EngineError('CG_API_UNAUTHENTICATED', 'send an X-API-Key header or an Authorization: Bearer token');
}
