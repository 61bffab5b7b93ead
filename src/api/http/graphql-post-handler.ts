import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer, BaseContext, HTTPGraphQLResponse } from '@apollo/server';
import { ERROR_CODES } from '../../core/index.js';
import { apolloModules } from '../apollo-modules.js';

/** What the fast path needs from the server: Apollo, the context function, the body limit. */
export interface GraphqlPostHandlerOptions<TContext extends BaseContext> {
  readonly apollo: ApolloServer<TContext>;
  readonly context: (argument: { readonly req: IncomingMessage }) => Promise<TContext>;
  /** Largest accepted body in bytes (the Express JSON parser's limit on the slow path). */
  readonly limitBytes: number;
  /** Told about a failure outside Apollo (which answers its own errors); the client gets a bare 500. */
  readonly onError: (error: unknown) => void;
}

/** Content types the fast path takes as they are; any other goes to Express's body parser. */
const PLAIN_JSON = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8']);

/**
 * True for a request the fast path serves exactly like Express + body-parser would: `POST /graphql`
 * (optionally with a query string), a plain `application/json` (UTF-8) body of declared length
 * within the limit, not compressed. Chunked, compressed, other charsets and other paths go to Express.
 */
export function isPlainGraphqlPost(req: IncomingMessage, limitBytes: number): boolean {
  if (req.method !== 'POST') return false;
  const url = req.url ?? '';
  if (url !== '/graphql' && !url.startsWith('/graphql?')) return false;
  const type = req.headers['content-type'];
  if (type === undefined || !PLAIN_JSON.has(type.toLowerCase())) return false;
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const declared = req.headers['content-length'];
  if (declared === undefined || req.headers['transfer-encoding'] !== undefined || !/^\d{1,9}$/.test(declared)) return false;
  return Number(declared) <= limitBytes;
}

/**
 * A request body that cannot be read as JSON: 400 (or the parser's 4xx: 413 too large, 415 bad
 * charset) with our code, as a GraphQL response — never an HTML page or a stack.
 */
export function badJsonBody(res: ServerResponse, reason: string, status = 400): void {
  const body = JSON.stringify({
    errors: [{ message: `The request body is not a readable JSON document: ${reason}`, extensions: { code: 'CG_API_BAD_REQUEST', category: ERROR_CODES.CG_API_BAD_REQUEST.category } }],
  });
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(body);
}

/** body-parser's `strict` JSON reading: an empty body is `{}`; otherwise only an object or an array. */
export function parseStrictJson(text: string): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.length === 0) return { ok: true, value: {} };
  const first = body.trimStart()[0];
  if (first !== '{' && first !== '[') return { ok: false, reason: 'it must be a JSON object or array' };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Reads the whole body; resolves undefined when the client went away or sent more than it declared. */
function readBody(req: IncomingMessage, declared: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      chunks.push(chunk);
    });
    req.once('end', () => resolve(received === declared ? (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString('utf8') : undefined));
    req.once('error', () => resolve(undefined));
    req.once('close', () => resolve(undefined));
  });
}

function writeResponse(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> | void {
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return undefined;
  }
  const stream = response.body.asyncIterator;
  return (async () => {
    for await (const chunk of stream) res.write(chunk);
    res.end();
  })();
}

/**
 * The hot path of the API (issue 8 load target): serves `POST /graphql` with a plain JSON body
 * straight from Node's HTTP server into Apollo's `executeHTTPGraphQLRequest`, skipping Express's
 * router, body-parser and `res.send` (ETag hashing, two-chunk writes) — about half of a device-by-id
 * request's server CPU, measured with `--cpu-prof` and bench/api-load.bench.ts. Same Apollo call and context as the Express route
 * (`@as-integrations/express5`), so the same authentication, limits, plugins and error mapping
 * apply; POST responses carry no ETag. Returns false (touching nothing) for any other request.
 */
export function graphqlPostHandler<TContext extends BaseContext>(options: GraphqlPostHandlerOptions<TContext>): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { HeaderMap } = apolloModules().server;
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const declared = Number(req.headers['content-length']);
    const text = await readBody(req, declared);
    if (text === undefined) {
      if (!res.headersSent && !res.destroyed) badJsonBody(res, 'the body ended before its declared Content-Length');
      return;
    }
    const parsed = parseStrictJson(text);
    if (!parsed.ok) return badJsonBody(res, parsed.reason);
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const response = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: query < 0 ? '' : url.slice(query), body: parsed.value },
      context: () => options.context({ req }),
    });
    await writeResponse(res, response);
  };
  return (req, res) => {
    if (!isPlainGraphqlPost(req, options.limitBytes)) return false;
    serve(req, res).catch((error: unknown) => {
      options.onError(error);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end();
      } else res.destroy(error instanceof Error ? error : undefined);
    });
    return true;
  };
}
