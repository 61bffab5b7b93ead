import { createRequire } from 'node:module';
import type * as ApolloServerModule from '@apollo/server';
import type * as ApolloErrorsModule from '@apollo/server/errors';
import type * as ApolloDisabledModule from '@apollo/server/plugin/disabled';
import type * as ApolloDrainModule from '@apollo/server/plugin/drainHttpServer';
import type * as Express5Module from '@as-integrations/express5';

/** The Apollo Server modules the API uses. */
export interface ApolloModules {
  readonly server: typeof ApolloServerModule;
  readonly errors: typeof ApolloErrorsModule;
  readonly disabled: typeof ApolloDisabledModule;
  readonly drain: typeof ApolloDrainModule;
  readonly express5: typeof Express5Module;
}

let cached: ApolloModules | undefined;

/**
 * Loads Apollo Server through its CommonJS build. Its ES-module build cannot load in this install:
 * `@graphql-tools/merge` 9.2.8 (pulled in by `@graphql-tools/schema`) imports
 * `isDangerousObjectKey` from `@graphql-tools/utils` ^12.1, but package.json overrides utils to
 * ~11.2.2, which lacks it, and an ES import of a missing name fails at link time. The CommonJS
 * build only touches that name when Apollo merges resolver maps itself, which we never ask it to
 * (we pass a built schema). Revert to plain imports once the override is fixed.
 */
export function apolloModules(): ApolloModules {
  if (cached !== undefined) return cached;
  const require = createRequire(import.meta.url);
  cached = {
    server: require('@apollo/server') as ApolloModules['server'],
    errors: require('@apollo/server/errors') as ApolloModules['errors'],
    disabled: require('@apollo/server/plugin/disabled') as ApolloModules['disabled'],
    drain: require('@apollo/server/plugin/drainHttpServer') as ApolloModules['drain'],
    express5: require('@as-integrations/express5') as ApolloModules['express5'],
  };
  return cached;
}
