import { createHash, timingSafeEqual } from 'node:crypto';
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

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

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

async function verifyJwt(token: string, secret: string): Promise<Principal> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
    const role = typeof payload['role'] === 'string' ? payload['role'].toLowerCase() : '';
    if (!(ROLES as readonly string[]).includes(role)) {
      throw new EngineError('CG_API_TOKEN_INVALID', `the token's role claim must be one of ${ROLES.join(', ')}`);
    }
    return { role: role as Role, subject: payload.sub ?? 'jwt', anonymous: false, via: 'jwt' };
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
    return verifyJwt(match[1] as string, config.jwtSecret);
  }
  if (config.allowAnonymousRead) return { role: 'reader', subject: 'anonymous', anonymous: true, via: 'anonymous' };
  throw new EngineError('CG_API_UNAUTHENTICATED', 'send an X-API-Key header or an Authorization: Bearer token');
}
