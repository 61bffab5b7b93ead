import { randomUUID } from 'node:crypto';
import express, { type Express, type Response } from 'express';
import { EngineError, ERROR_CODES } from '../../core/index.js';
import type { ApiConfig, Role } from '../api-config.js';
import { authenticate, type Principal } from '../auth/authenticate.js';
import type { ApiServices } from '../services/api-services.js';
import { runAudited } from '../services/run-audited.js';
import { httpStatusOf } from './http-status.js';

/** Items one POST may carry. */
export const MAX_EVENTS_PER_POST = 10_000;
const WRITERS: readonly Role[] = ['soc', 'architect'];

interface EventItem {
  readonly topic: string;
  readonly payload: string;
}

/** One item refused, by its index in the posted array (the LiveFeed.submit rejection shape). */
export interface RejectedEvent {
  readonly index: number;
  readonly code: string;
  readonly message: string;
}

/** The posted items split into what can be submitted (with their indexes) and what cannot. */
export interface ParsedEventItems {
  readonly items: readonly (EventItem & { readonly index: number })[];
  readonly rejected: readonly RejectedEvent[];
}

/** Errors in the GraphQL response shape, so one client-side handler reads both endpoints. */
function sendError(res: Response, error: EngineError): void {
  const code = error.code as keyof typeof ERROR_CODES;
  res.status(httpStatusOf(code)).json({ errors: [{ message: error.message, extensions: { code, category: ERROR_CODES[code]?.category ?? 'internal', ...(error.details === undefined ? {} : { details: error.details }) } }] });
}

function invalid(message: string, details: Readonly<Record<string, unknown>>): EngineError {
  return new EngineError('CG_API_EVENTS_INVALID', message, { details: { max: MAX_EVENTS_PER_POST, ...details } });
}

/** Why one item cannot be submitted, naming the field, or undefined when it can. */
function itemProblem(item: unknown): string | undefined {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return 'the item must be an object { topic, payload }';
  const { topic, payload } = item as { topic?: unknown; payload?: unknown };
  if (typeof topic !== 'string' || topic === '' || topic.length > 512) return 'field topic must be a string of 1 to 512 characters';
  if (payload === undefined) return 'field payload is missing';
  return undefined;
}

/**
 * `[{ topic, payload }]`: topic a non-empty string, payload a string or any JSON value (sent as its
 * JSON text). A body that is not an array of 1 to MAX_EVENTS_PER_POST items is CG_API_EVENTS_INVALID;
 * an item that is not well formed is rejected alone (CG_API_EVENTS_INVALID, its index and field).
 */
export function parseEventItems(body: unknown): ParsedEventItems {
  if (!Array.isArray(body) || body.length === 0 || body.length > MAX_EVENTS_PER_POST) throw invalid(`the body must be a JSON array of 1 to ${MAX_EVENTS_PER_POST} items`, {});
  const items: (EventItem & { index: number })[] = [];
  const rejected: RejectedEvent[] = [];
  body.forEach((item: unknown, index) => {
    const problem = itemProblem(item);
    if (problem !== undefined) {
      rejected.push({ index, code: 'CG_API_EVENTS_INVALID', message: `item ${index}: ${problem}` });
      return;
    }
    const { topic, payload } = item as { topic: string; payload: unknown };
    items.push({ index, topic, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });
  });
  return { items, rejected };
}

/** The loop's rejections (indexes into what was submitted) merged with ours, by posted index. */
function mergeRejections(parsed: ParsedEventItems, fromLoop: readonly RejectedEvent[]): RejectedEvent[] {
  const mapped = fromLoop.map((r) => ({ ...r, index: parsed.items[r.index]?.index ?? r.index }));
  return [...parsed.rejected, ...mapped].sort((x, y) => x.index - y.index);
}

async function principalOf(headers: { 'x-api-key'?: string | string[] | undefined; authorization?: string | undefined }, config: Readonly<ApiConfig>): Promise<Principal> {
  const principal = await authenticate(headers, config);
  if (principal.anonymous) throw new EngineError('CG_API_UNAUTHENTICATED', 'POST /ingest/events needs an authenticated soc or architect caller');
  if (!WRITERS.includes(principal.role)) {
    throw new EngineError('CG_API_FORBIDDEN', `role ${principal.role} may not submit events; it needs soc or architect`, { details: { required: WRITERS, role: principal.role } });
  }
  return principal;
}

/**
 * `POST /ingest/events` (JSON `[{ topic, payload }]`, roles soc and architect): hands the payloads
 * to the live loop (LiveFeed.submit) as if they came from the broker, and answers 202 with what it
 * accepted and, per rejected item (malformed here, or refused by the loop), its index, code and
 * message. Audited like a mutation, through runAudited: a submit that throws is recorded as failed.
 */
export function mountIngestEvents(app: Express, config: Readonly<ApiConfig>, services: ApiServices): void {
  app.post('/ingest/events', express.json({ limit: '12mb' }), async (req, res) => {
    const requestId = randomUUID();
    try {
      const principal = await principalOf({ 'x-api-key': req.headers['x-api-key'], authorization: req.headers.authorization }, config);
      const live = services.live;
      if (live === undefined) throw new EngineError('CG_API_LIVE_UNAVAILABLE', 'POST /ingest/events needs the live loop, and this server runs without one', { details: { operation: 'ingestEvents' } });
      const parsed = parseEventItems(req.body);
      if (parsed.items.length === 0) throw invalid('no item of the body is well formed; nothing was submitted', { rejected: parsed.rejected.slice(0, 100) });
      const summary = { items: parsed.items.length + parsed.rejected.length, malformed: parsed.rejected.length };
      const result = await runAudited({ principal, services, requestId }, 'ingestEvents', summary, () => live.submit(parsed.items.map(({ topic, payload }) => ({ topic, payload }))));
      res.status(202).json({ accepted: result.accepted, rejected: mergeRejections(parsed, result.rejected) });
    } catch (error) {
      if (error instanceof EngineError) sendError(res, error);
      else {
        services.logger.error({ err: error, requestId }, 'POST /ingest/events failed');
        sendError(res, new EngineError('CG_API_INTERNAL', 'Internal server error; see the server log.', { details: { requestId } }));
      }
    }
  });
  app.use('/ingest/events', (error: unknown, _req: express.Request, res: Response, next: express.NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    sendError(res, invalid('the body is not valid JSON, or larger than 12 MB', {}));
  });
}
