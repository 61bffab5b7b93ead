import type { GraphQLField, GraphQLSchema } from 'graphql';
import { graphqlRuntime } from '../graphql-runtime.js';
import { EngineError, invariant } from '../../core/index.js';
import type { ApiContext } from '../api-context.js';
import type { Role } from '../api-config.js';

const { defaultFieldResolver, isObjectType } = graphqlRuntime;

/** Roles an `@auth(requires: [...])` directive names on a field, lower-cased; undefined when absent. */
export function requiredRoles(field: GraphQLField<unknown, unknown>): readonly Role[] | undefined {
  const directive = field.astNode?.directives?.find((d) => d.name.value === 'auth');
  if (directive === undefined) return undefined;
  const argument = directive.arguments?.find((a) => a.name.value === 'requires');
  invariant(argument !== undefined && argument.value.kind === 'ListValue', `@auth on ${field.name} needs requires: [Role!]!`);
  return argument.value.values.map((v) => {
    invariant(v.kind === 'EnumValue', `@auth on ${field.name} lists a non-enum role`);
    return v.value.toLowerCase() as Role;
  });
}

/** Throws the coded error when the caller's role is not among `roles`. */
export function checkRoles(context: ApiContext, roles: readonly Role[], field: string): void {
  const principal = context.principal;
  if (principal.anonymous) {
    throw new EngineError('CG_API_UNAUTHENTICATED', `${field} needs an authenticated caller with role ${roles.join(' or ')}`, {
      details: { field, required: roles },
    });
  }
  if (!roles.includes(principal.role)) {
    throw new EngineError('CG_API_FORBIDDEN', `role ${principal.role} may not use ${field}; it needs ${roles.join(' or ')}`, {
      details: { field, required: roles, role: principal.role },
    });
  }
}

/**
 * Races a root resolver against the request deadline. Synchronous work (riskGraph, simulate on the
 * projection) cannot be interrupted by a timer anyway, so only a pending promise gets one. Not an
 * async function: a synchronous result stays synchronous, and a promise gets one wrapper, not three
 * (async function, Promise.race and the expiry promise) — this runs on every request.
 */
function withDeadline<T>(context: ApiContext, field: string, work: () => Promise<T> | T): Promise<T> | T {
  const remaining = context.deadline - Date.now();
  if (remaining <= 0) throw timeout(field, 0);
  const result = work();
  if (!(result instanceof Promise)) return result;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(timeout(field, remaining)), remaining);
    result.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error as Error);
      },
    );
  });
}

function timeout(field: string, remainingMs: number): EngineError {
  return new EngineError('CG_API_TIMEOUT', `${field} ran past the request timeout`, { details: { field, remainingMs } });
}

/** A refused mutation is recorded too: the audit log shows attempts, not only successes. */
async function recordRefusal(context: ApiContext, operation: string, error: unknown): Promise<void> {
  await context.services.auditLog.record({
    at: new Date().toISOString(),
    requestId: context.requestId,
    subject: context.principal.subject,
    role: context.principal.role,
    operation,
    arguments: {},
    outcome: 'refused',
    error: error instanceof EngineError ? error.code : 'unknown',
  });
}

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * Subscription fields check roles when the stream is set up (graphql-js calls `subscribe` once per
 * operation); events are not cut off by the request deadline, since a subscription lives on.
 */
function guardSubscription(field: GraphQLField<unknown, unknown>, roles: readonly Role[] | undefined, label: string): void {
  const subscribe = field.subscribe;
  if (roles === undefined || subscribe === undefined) return;
  field.subscribe = (source, args, context, info) => {
    checkRoles(context as ApiContext, roles, label);
    return subscribe(source, args, context, info);
  };
}

/**
 * Wraps resolvers in place: fields with `@auth` check the caller's role before resolving
 * (per-field authorisation, DESIGN.md §9), and Query and Mutation fields run under the request
 * deadline; Subscription fields check roles when their stream is set up.
 * A Mutation field without `@auth` is a programmer bug: every write names who may do it.
 */
export function guardSchema(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const root = ROOT_TYPES.has(type.name);
    for (const field of Object.values(type.getFields())) {
      const roles = requiredRoles(field);
      invariant(type.name !== 'Mutation' || roles !== undefined, `Mutation.${field.name} has no @auth directive`);
      if (roles === undefined && !root) continue;
      const label = `${type.name}.${field.name}`;
      if (type.name === 'Subscription') {
        guardSubscription(field, roles, label);
        continue;
      }
      const resolve = field.resolve ?? defaultFieldResolver;
      const audited = type.name === 'Mutation';
      field.resolve = (source, args, context: ApiContext, info) => {
        if (roles !== undefined) {
          try {
            checkRoles(context, roles, label);
          } catch (error) {
            if (audited) return recordRefusal(context, field.name, error).then(() => Promise.reject(error as Error));
            throw error;
          }
        }
        return root ? withDeadline(context, label, () => resolve(source, args, context, info)) : resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
