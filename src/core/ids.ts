import { createHash, randomUUID } from 'node:crypto';

/** A stable edge id from its endpoints and kind, so re-ingesting is idempotent. */
export function edgeId(from: string, kind: string, to: string): string {
  return `${from}|${kind}|${to}`;
}

/** Short hex content hash (sha256), for versioning models, bundles and records. */
export function contentHash(content: string | Uint8Array, length = 16): string {
  return createHash('sha256').update(content).digest('hex').slice(0, length);
}

export function newRunId(): string {
  return randomUUID();
}
