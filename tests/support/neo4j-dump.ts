import neo4j, { type Driver } from 'neo4j-driver';

/** JSON with Neo4j integers, -0 and key order made comparable (`toEqual` would take 1 and int 1, 0 and -0, as equal or not by accident). */
export function canonical(value: unknown): unknown {
  if (neo4j.isInt(value)) return `int:${value.toString()}`;
  if (typeof value === 'number' && Object.is(value, -0)) return 'float:-0';
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
  }
  return value;
}

/** Everything in a database: nodes with labels, relationships with type and endpoints, schema objects and their states. */
export async function dumpDatabase(driver: Driver): Promise<unknown> {
  const read = async (query: string): Promise<unknown[]> =>
    (await driver.executeQuery(query, {}, { database: 'neo4j' })).records.map((record) => canonical(record.toObject()));
  return {
    // Label order follows token ids (creation order), which differs between two loads; labels are a set.
    nodes: await read('MATCH (n) RETURN COLLECT { UNWIND labels(n) AS l RETURN l ORDER BY l } AS labels, properties(n) AS p ORDER BY coalesce(n.id, n.key)'),
    edges: await read('MATCH (a)-[r]->(b) RETURN type(r) AS type, properties(r) AS p, a.id AS from, b.id AS to ORDER BY r.id'),
    schema: await read('SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, state, owningConstraint RETURN * ORDER BY name'),
  };
}
