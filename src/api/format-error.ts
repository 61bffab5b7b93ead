import type { GraphQLFormattedError } from 'graphql';
import { graphqlRuntime } from './graphql-runtime.js';
import { ERROR_CODES, isEngineError, type Logger } from '../core/index.js';
import { apolloModules } from './apollo-modules.js';

const { GraphQLError } = graphqlRuntime;

/** Apollo's own codes, mapped once to ours at the boundary (STYLE.md "Errors"). */
const APOLLO_CODES: Readonly<Record<string, keyof typeof ERROR_CODES>> = {
  GRAPHQL_PARSE_FAILED: 'CG_API_BAD_REQUEST',
  GRAPHQL_VALIDATION_FAILED: 'CG_API_BAD_REQUEST',
  BAD_USER_INPUT: 'CG_API_BAD_REQUEST',
  BAD_REQUEST: 'CG_API_BAD_REQUEST',
  OPERATION_RESOLUTION_FAILURE: 'CG_API_BAD_REQUEST',
  PERSISTED_QUERY_NOT_FOUND: 'CG_API_BAD_REQUEST',
  PERSISTED_QUERY_NOT_SUPPORTED: 'CG_API_BAD_REQUEST',
};

function isOurCode(code: unknown): code is keyof typeof ERROR_CODES {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

/** Keeps only what a client may see: message, locations, path and our extensions. */
function shaped(formatted: GraphQLFormattedError, code: keyof typeof ERROR_CODES, message: string, details?: unknown): GraphQLFormattedError {
  return {
    message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code, category: ERROR_CODES[code].category, ...(details === undefined ? {} : { details }) },
  };
}

/**
 * Apollo `formatError`: every error leaves with `extensions.code` from our registry and never a
 * stack trace. EngineErrors keep their code and details; limit-rule and auth errors already carry
 * ours; Apollo's request errors become CG_API_BAD_REQUEST; anything else is CG_API_INTERNAL with a
 * generic message, logged with its cause.
 */
export function createFormatError(logger: Logger): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  const { unwrapResolverError } = apolloModules().errors;
  return (formatted, error) => {
    const original = unwrapResolverError(error);
    if (isEngineError(original)) return shaped(formatted, original.code, original.message, original.details);
    const inner = error instanceof GraphQLError ? error.originalError : undefined;
    if (inner instanceof GraphQLError && isOurCode(inner.extensions['code'])) {
      return shaped(formatted, inner.extensions['code'], inner.message, inner.extensions['details']);
    }
    const code = formatted.extensions?.['code'];
    if (isOurCode(code)) return shaped(formatted, code, formatted.message, formatted.extensions?.['details']);
    if (typeof code === 'string' && APOLLO_CODES[code] !== undefined) return shaped(formatted, APOLLO_CODES[code], formatted.message);
    logger.error({ err: original, path: formatted.path }, 'unexpected GraphQL error');
    return shaped(formatted, 'CG_API_INTERNAL', 'Internal server error; see the server log.');
  };
}
