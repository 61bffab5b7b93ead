import { createRequire } from 'node:module';
import type * as GraphqlModule from 'graphql';

/**
 * graphql-js, loaded the way Apollo Server loads it (CommonJS, see apollo-modules.ts), so the
 * schema, validation rules and errors we build are of the same module instance Apollo checks them
 * against ("Cannot use GraphQLSchema from another module or realm"). Bundlers and test runners
 * that prefer graphql's `module` (ESM) entry would otherwise hand us a second instance.
 */
export const graphqlRuntime = createRequire(import.meta.url)('graphql') as typeof GraphqlModule;
