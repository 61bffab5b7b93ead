import { request, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_KEYS, type TestServer } from '../testing/start-test-server.js';
import { isPlainGraphqlPost, parseStrictJson } from './graphql-post-handler.js';

interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/**
 * POSTs to /graphql over node:http. `chunked` sends the body without Content-Length, which the
 * fast path leaves to Express: the same request through both paths.
 */
function post(url: string, body: string, headers: Readonly<Record<string, string>>, chunked: boolean, path = '/graphql'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'POST', headers: { ...headers, ...(chunked ? {} : { 'content-length': String(Buffer.byteLength(body)) }) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (chunked && body.length > 0) {
      req.write(body.slice(0, 1));
      req.write(body.slice(1));
    } else if (chunked) req.write('');
    req.end(chunked ? undefined : body);
  });
}

/** Headers that legitimately differ between the two paths or between any two responses. */
const TRANSPORT = new Set(['date', 'etag', 'content-length', 'transfer-encoding', 'connection', 'keep-alive']);
const comparable = (answer: Answer) => ({ status: answer.status, body: answer.body, headers: Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !TRANSPORT.has(name))) });

const JSON_TYPE = { 'content-type': 'application/json' };
const reader = { ...JSON_TYPE, 'x-api-key': TEST_KEYS.reader };
const query = (text: string, extra: object = {}) => JSON.stringify({ query: text, ...extra });

const CASES: readonly { readonly name: string; readonly body: string; readonly headers: Readonly<Record<string, string>>; readonly path?: string }[] = [
  { name: 'device by id', body: query('{ node(id: "cam-0") { ... on GraphNode { id name kind domain zone } } }'), headers: reader },
  { name: 'variables and operation name', body: query('query Q($id: ID!) { node(id: $id) { id } }', { variables: { id: 'cam-1' }, operationName: 'Q' }), headers: reader },
  { name: 'a node that does not exist', body: query('{ node(id: "nope") { id } }'), headers: reader },
  { name: 'riskGraph', body: query('{ riskGraph(focus: "hosp-0", depth: 3, direction: UPSTREAM) { totalCount truncated nodes { id risk hops } } }'), headers: reader },
  { name: 'charset=utf-8', body: query('{ graphStats { nodes edges } }'), headers: { ...reader, 'content-type': 'application/json; charset=utf-8' } },
  { name: 'a query string', body: query('{ graphStats { nodes } }'), headers: reader, path: '/graphql?x=1' },
  { name: 'a syntax error', body: query('{ node(id: '), headers: reader },
  { name: 'an unknown field', body: query('{ nope }'), headers: reader },
  { name: 'graphql-response+json and a validation error', body: query('{ nope }'), headers: { ...reader, accept: 'application/graphql-response+json' } },
  { name: 'too deep', body: query('{ node(id: "cam-0") { ... on GraphNode { neighbours { nodes { node { neighbours { nodes { node { neighbours { nodes { node { neighbours { nodes { node { id } } } } } } } } } } } } } } }'), headers: reader },
  { name: 'no credentials', body: query('{ graphStats { nodes } }'), headers: JSON_TYPE },
  { name: 'an unknown key', body: query('{ graphStats { nodes } }'), headers: { ...JSON_TYPE, 'x-api-key': 'not-a-key-0123456789abcdef' } },
  { name: 'a role that may not', body: query('{ chokePoints(top: 3) { node { id } } }'), headers: reader },
  { name: 'a mutation a reader may not run', body: query('mutation { ingest(input: { source: "x", text: "{}", format: "auto" }) { accepted } }'), headers: reader },
  { name: 'a subscription over HTTP', body: query('subscription { alerts { id } }'), headers: reader },
  { name: 'an empty body', body: '', headers: reader },
  { name: 'a batch (array)', body: `[${query('{ graphStats { nodes } }')}]`, headers: reader },
  { name: 'no query', body: '{"variables":{}}', headers: reader },
];

describe('POST /graphql fast path (differential against the Express route)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it.each(CASES)('answers $name exactly as Express does (status, headers, body)', async ({ body, headers, path }) => {
    const fast = await post(server.url, body, headers, false, path);
    const express = await post(server.url, body, headers, true, path);
    // Express's res.send hashes every body into an ETag: proof the chunked request took that path.
    expect([fast.headers['etag'], typeof express.headers['etag']]).toEqual([undefined, 'string']);
    expect(comparable(fast)).toEqual(comparable(express));
  });

  it('answers a body that is not JSON with 400 CG_API_BAD_REQUEST on both paths, never an HTML page', async () => {
    for (const chunked of [false, true]) {
      for (const body of ['{"query": ', '"just a string"']) {
        const answer = await post(server.url, body, reader, chunked);
        expect(answer.status).toBe(400);
        expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
        const parsed = JSON.parse(answer.body) as { errors: { message: string; extensions: unknown }[] };
        expect(parsed.errors.map((e) => e.extensions)).toEqual([{ code: 'CG_API_BAD_REQUEST', category: 'validation' }]);
        expect(parsed.errors[0]?.message).toMatch(/^The request body is not a readable JSON document: /);
      }
    }
  });

  it('survives a client that leaves in the middle of a body, and serves the next request', async () => {
    const { port } = new URL(server.url);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(`POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nX-Api-Key: ${TEST_KEYS.reader}\r\n\r\n{"query":`);
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 50);
      });
      socket.on('error', reject);
    });
    const next = await post(server.url, query('{ node(id: "cam-0") { id } }'), reader, false);
    expect([next.status, next.body]).toEqual([200, '{"data":{"node":{"id":"cam-0"}}}\n']);
  });

  it('answers an unsupported charset (Express path) with 415 and our code', async () => {
    const answer = await post(server.url, query('{ graphStats { nodes } }'), { ...reader, 'content-type': 'application/json; charset=latin1' }, false);
    expect(answer.status).toBe(415);
    expect((JSON.parse(answer.body) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('CG_API_BAD_REQUEST');
  });
});

describe('isPlainGraphqlPost: what the fast path takes', () => {
  const message = (method: string, url: string, headers: Record<string, string>) => ({ method, url, headers }) as unknown as IncomingMessage;
  const plain = { 'content-type': 'application/json', 'content-length': '20' };
  it('takes plain JSON POSTs to /graphql of declared length within the limit, nothing else', () => {
    expect(isPlainGraphqlPost(message('POST', '/graphql', plain), 100)).toBe(true);
    expect(isPlainGraphqlPost(message('POST', '/graphql?a=1', { ...plain, 'content-type': 'Application/JSON; charset=UTF-8' }), 100)).toBe(true);
    expect(isPlainGraphqlPost(message('POST', '/graphql', { ...plain, 'content-encoding': 'identity' }), 100)).toBe(true);
    const refused: [string, string, Record<string, string>, number][] = [
      ['GET', '/graphql', plain, 100],
      ['POST', '/graphql/', plain, 100],
      ['POST', '/graphqlx', plain, 100],
      ['POST', '/graphql', { ...plain, 'content-type': 'application/graphql-response+json' }, 100],
      ['POST', '/graphql', { ...plain, 'content-type': 'application/json; charset=latin1' }, 100],
      ['POST', '/graphql', { ...plain, 'content-encoding': 'gzip' }, 100],
      ['POST', '/graphql', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, 100],
      ['POST', '/graphql', plain, 19],
    ];
    expect(refused.map(([method, url, headers, limit]) => isPlainGraphqlPost(message(method, url, headers), limit))).toEqual(refused.map(() => false));
  });
});

describe('parseStrictJson (body-parser strict mode)', () => {
  it('reads objects and arrays, an empty body as {}, a leading BOM; refuses other JSON and bad text', () => {
    expect(parseStrictJson('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseStrictJson(' \n[1]')).toEqual({ ok: true, value: [1] });
    expect(parseStrictJson('')).toEqual({ ok: true, value: {} });
    expect(parseStrictJson('\uFEFF{"a":2}')).toEqual({ ok: true, value: { a: 2 } });
    expect(parseStrictJson('"x"')).toEqual({ ok: false, reason: 'it must be a JSON object or array' });
    expect(parseStrictJson('{"a":')).toMatchObject({ ok: false });
  });
});
