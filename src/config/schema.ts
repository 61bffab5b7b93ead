import { z } from 'zod';

/**
 * The one configuration schema (fastify-style): every key has a default, unknown
 * keys are rejected, and the result is validated once at start, then frozen and
 * passed explicitly. Only the CLI entry and the API server build it.
 */
export const neo4jConfigSchema = z
  .object({
    uri: z.string().min(1).default('bolt://127.0.0.1:7687'),
    user: z.string().default('neo4j'),
    password: z.string().default(''),
    database: z.string().min(1).default('neo4j'),
    batchSize: z.number().int().min(1).max(100_000).default(5_000),
  })
  .strict();

export const storeConfigSchema = z
  .object({
    kind: z.enum(['embedded', 'neo4j']).default('embedded'),
    path: z.string().min(1).default('./civgraph.db'),
    neo4j: neo4jConfigSchema.default(neo4jConfigSchema.parse({})),
  })
  .strict();

export const logConfigSchema = z
  .object({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  })
  .strict();

export const configSchema = z
  .object({
    store: storeConfigSchema.default(storeConfigSchema.parse({})),
    log: logConfigSchema.default(logConfigSchema.parse({})),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type StoreConfig = Config['store'];
