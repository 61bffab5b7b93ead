/**
 * The store's connection to Neo4j: the driver, the database every statement
 * names explicitly, the relationship types the store knows, and the three ways
 * it talks to the server — `executeQuery` for single statements, managed
 * read and write transactions (`session.executeRead/executeWrite`, which retry
 * transient failures; EngineErrors thrown by the work are not Neo4jErrors and
 * so are never retried). Every driver failure goes through `mapNeo4jError`.
 */
import neo4j, { Neo4jError, type Driver, type ManagedTransaction, type RecordShape } from 'neo4j-driver';
import { EngineError, type Logger } from '../../core/index.js';
import { mapNeo4jError, type Neo4jOperation, type StoreName } from './neo4j-errors.js';
import { SCHEMA_ALREADY_EXISTS, relationshipSchemaStatements, schemaObjectName } from './schema.js';

export type Params = Record<string, unknown>;

export class Neo4jConnection {
  readonly name: StoreName;
  /** Relationship types with their schema in place: every edge the store can see has one of them. */
  readonly types = new Set<string>();
  readonly #logger: Logger | undefined;
  #driver: Driver | undefined;
  /** Names of existing indexes and constraints, filled at open. */
  readonly schemaNames = new Set<string>();

  constructor(driver: Driver, name: StoreName, logger: Logger | undefined) {
    this.#driver = driver;
    this.name = name;
    this.#logger = logger;
  }

  get database(): string {
    return this.name.database;
  }

  #open(): Driver {
    if (this.#driver === undefined) {
      throw new EngineError('CG_STORE_CLOSED', `The ${this.name.description} is closed`, {
        details: { uri: this.name.uri, database: this.name.database },
      });
    }
    return this.#driver;
  }

  /** One auto-routed statement; returns the records as plain objects. */
  async query<T extends RecordShape>(query: string, params: Params, operation: Neo4jOperation = 'read'): Promise<T[]> {
    const driver = this.#open();
    try {
      const routing = operation === 'write' ? neo4j.routing.WRITE : neo4j.routing.READ;
      const result = await driver.executeQuery(query, params, { database: this.database, routing });
      return result.records.map((record) => record.toObject() as T);
    } catch (error) {
      throw mapNeo4jError(error, this.name, operation);
    }
  }

  /** A managed transaction (retried on transient failures) in a fresh session. */
  async transaction<T>(mode: 'read' | 'write', work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.#open().session({ database: this.database, defaultAccessMode: mode === 'write' ? neo4j.session.WRITE : neo4j.session.READ });
    try {
      return mode === 'write' ? await session.executeWrite(work) : await session.executeRead(work);
    } catch (error) {
      throw mapNeo4jError(error, this.name, mode);
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  /** Creates the schema of relationship types not seen before (outside any data transaction). */
  async ensureTypes(types: Iterable<string>): Promise<void> {
    const fresh = [...new Set(types)].filter((type) => !this.types.has(type));
    for (const type of fresh) {
      await this.runSchema(relationshipSchemaStatements(type));
      this.types.add(type);
    }
  }

  /** Runs schema statements whose object does not exist yet; a concurrent creator winning is fine. */
  async runSchema(statements: readonly string[]): Promise<void> {
    for (const statement of statements) {
      const name = schemaObjectName(statement);
      if (this.schemaNames.has(name)) continue;
      try {
        await this.#open().executeQuery(statement, {}, { database: this.database, routing: neo4j.routing.WRITE });
      } catch (error) {
        if (!(error instanceof Neo4jError && SCHEMA_ALREADY_EXISTS.has(error.code))) throw mapNeo4jError(error, this.name, 'open');
      }
      this.schemaNames.add(name);
      this.#logger?.debug({ schema: name }, 'neo4j schema object ensured');
    }
  }

  /** Closes the driver; later calls throw CG_STORE_CLOSED. */
  async close(): Promise<void> {
    const driver = this.#driver;
    this.#driver = undefined;
    await driver?.close();
  }
}
