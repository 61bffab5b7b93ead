import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { graphqlRuntime } from './graphql-runtime.js';
import { EngineError } from '../core/index.js';
import { guardSchema } from './auth/guard-schema.js';
import { attachResolvers } from './resolvers/attach-resolvers.js';
import { RESOLVERS } from './resolvers/index.js';

const { buildASTSchema, concatAST, parse } = graphqlRuntime;

/** Reads every `.graphql` file directly in `dir` (not sub-folders), sorted by name. */
export async function readTypeDefs(dir: string): Promise<string[]> {
  try {
    const names = (await readdir(dir)).filter((n) => n.endsWith('.graphql')).sort();
    return await Promise.all(names.map((n) => readFile(join(dir, n), 'utf8')));
  } catch (error) {
    throw new EngineError('CG_API_SCHEMA_LOAD_FAILED', `cannot read the GraphQL schema folder ${dir}`, { cause: error, details: { dir } });
  }
}

/**
 * Builds the served schema: SDL split per capability in `dir` (graphql/ in the repository,
 * merged with graphql-js `buildASTSchema`, which applies `extend type`), the resolvers of
 * src/api/resolvers, and the `@auth` / deadline guards. Read when the server
 * starts, never at import time.
 */
export async function loadSchema(dir: string): Promise<GraphQLSchema> {
  const typeDefs = await readTypeDefs(dir);
  try {
    const schema = buildASTSchema(concatAST(typeDefs.map((text) => parse(text))));
    return guardSchema(attachResolvers(schema, RESOLVERS));
  } catch (error) {
    throw new EngineError('CG_API_SCHEMA_LOAD_FAILED', `the GraphQL schema in ${dir} does not build: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
      details: { dir },
    });
  }
}
