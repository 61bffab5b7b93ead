import { randomUUID } from 'node:crypto';
import express, { type Express, type Response } from 'express';
import { EngineError, ERROR_CODES } from '../../core/index.js';
import type { ApiConfig, Role } from '../api-config.js';
import { authenticate, type Principal } from '../auth/authenticate.js';
import type { ApiServices } from '../services/api-services.js';

/** Items one POST may carry. */
export const MAX_EVENTS_PER_POST = 10_000;
const WRITERS: readonly Role[] = ['soc', 'architect'];

interface EventItem {
  readonly topic: string;
  readonly payload: string;
}

const STATUS: Readonly<Record<string, number>> = {
  CG_API_UNAUTHENTICATED: 401,
  CG_API_TOKEN_INVALID: 401,
  CG_API_FORBIDDEN: 403,
  CG_API_EVENTS_INVALID: 400,
  CG_API_LIVE_UNAVAILABLE: 503,
  CG_API_AUDIT_WRITE_FAILED: 503,
};

/** Errors in the GraphQL response shape, so one client-side handler reads both endpoints. */
function sendError(res: Response, error: EngineError): void {
  const code = error.code as keyof typeof ERROR_CODES;
  res.status(STATUS[code] ?? 500).json({ errors: [{ message: error.message, extensions: { code, category: ERROR_CODES[code]?.category ?? 'internal', ...(error.details === undefined ? {} : { details: error.details }) } }] });
}

function invalid(message: string, details: Readonly<Record<string, unknown>>): EngineError {
  return new EngineError('CG_API_EVENTS_INVALID', message, { details: { max: MAX_EVENTS_PER_POST, ...details } });
}

/** `[{ topic, payload }]`: topic a non-empty string, payload a string or any JSON value (sent as its JSON text). */
export function parseEventItems(body: unknown): EventItem[] {
  if (!Array.isArray(body) || body.length === 0 || body.length > MAX_EVENTS_PER_POST) throw invalid(`the body must be a JSON array of 1 to ${MAX_EVENTS_PER_POST} items`, {});
  return body.map((item: unknown, index) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw invalid(`item ${index} must be an object`, { index });
    const { topic, payload } = item as { topic?: unknown; payload?: unknown };
    if (typeof topic !== 'string' || topic === '' || topic.length > 512) throw invalid(`item ${index}: topic must be a string of 1 to 512 characters`, { index, field: 'topic' });
    if (payload === undefined) throw invalid(`item ${index}: payload is missing`, { index, field: 'payload' });
    return { topic, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) };
  });
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
 * accepted and, per rejected item, its index and code. Audited like a mutation.
 */
export function mountIngestEvents(app: Express, config: Readonly<ApiConfig>, services: ApiServices): void {
  app.post('/ingest/events', express.json({ limit: '12mb' }), async (req, res) => {
    const requestId = randomUUID();
    try {
      const principal = await principalOf({ 'x-api-key': req.headers['x-api-key'], authorization: req.headers.authorization }, config);
      const live = services.live;
      if (live === undefined) throw new EngineError('CG_API_LIVE_UNAVAILABLE', 'POST /ingest/events needs the live loop, and this server runs without one', { details: { operation: 'ingestEvents' } });
      const items = parseEventItems(req.body);
      const base = { requestId, subject: principal.subject, role: principal.role, operation: 'ingestEvents', arguments: { items: items.length } };
      await services.auditLog.record({ ...base, at: new Date().toISOString(), outcome: 'started' });
      const result = await live.submit(items);
      await services.auditLog.record({ ...base, at: new Date().toISOString(), outcome: 'succeeded' });
      res.status(202).json({ accepted: result.accepted, rejected: result.rejected });
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
