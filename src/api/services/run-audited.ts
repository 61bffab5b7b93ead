import type { ApiContext } from '../api-context.js';

/** Who asks and under which request id: a GraphQL context, or what a plain HTTP route authenticated. */
export type AuditScope = Pick<ApiContext, 'principal' | 'services' | 'requestId'>;

/**
 * Runs one mutation between two audit records ("started", then "succeeded" or "failed" with the
 * error's code): a mutation whose start cannot be recorded does not run (CG_API_AUDIT_WRITE_FAILED).
 * `args` is a summary, never a whole payload. Shared by resolvers and POST /ingest/events.
 */
export async function runAudited<T>(context: AuditScope, operation: string, args: Readonly<Record<string, unknown>>, work: () => Promise<T> | T): Promise<T> {
  const { principal, services, requestId } = context;
  const base = { requestId, subject: principal.subject, role: principal.role, operation, arguments: args };
  await services.auditLog.record({ ...base, at: new Date().toISOString(), outcome: 'started' });
  try {
    const result = await work();
    await services.auditLog.record({ ...base, at: new Date().toISOString(), outcome: 'succeeded' });
    return result;
  } catch (error) {
    const code = error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : error instanceof Error ? error.message : String(error);
    await services.auditLog.record({ ...base, at: new Date().toISOString(), outcome: 'failed', error: code });
    throw error;
  }
}
