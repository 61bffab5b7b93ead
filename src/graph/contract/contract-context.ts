/**
 * Shared pieces of the GraphStore contract suite: the factory type, the kind
 * hierarchy the suite assumes (a factory passes `contractLabelsOf` to its
 * store), unique id prefixes that isolate each test, and small helpers.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { GraphStore, NodeRecord, EdgeRecord } from '../port.js';

export type GraphStoreFactory = () => Promise<{ readonly store: GraphStore; readonly cleanup: () => Promise<void> }>;

/** The labels the suite expects per kind: the kind, then its superclasses. */
export const CONTRACT_LABELS: Readonly<Record<string, readonly string[]>> = {
  Camera: ['Camera', 'Sensor', 'Device'],
  AirQualitySensor: ['AirQualitySensor', 'Sensor', 'Device'],
  Pump: ['Pump', 'Actuator', 'Device'],
  Gateway: ['Gateway', 'Device'],
  Substation: ['Substation', 'Facility'],
  Zone: ['Zone'],
};

/** The `labelsOf` a factory gives its store so the suite's label checks hold. */
export function contractLabelsOf(kind: string): readonly string[] {
  return CONTRACT_LABELS[kind] ?? [kind];
}

/** A lower-case prefix unique to one test, so tests never see each other's ids. */
export function uniquePrefix(label: string): string {
  return `ct-${label}-${randomUUID().slice(0, 8)}-`;
}

export interface ContractContext {
  /** The store shared by the tests of one `describe` (ids isolate them). */
  shared(): GraphStore;
  /** A store of the test's own, cleaned up after the test (for clear, stats, close). */
  own(): Promise<GraphStore>;
}

/** Asserts a promise rejects with an EngineError of `code`; returns its details. */
export async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<Record<string, unknown>> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected rejection with ${code}`).toBeInstanceOf(Error);
  expect((caught as { code?: unknown }).code).toBe(code);
  return ((caught as { details?: Record<string, unknown> }).details ?? {}) as Record<string, unknown>;
}

export function ids(records: readonly { readonly id: string }[]): string[] {
  return records.map((record) => record.id);
}

export function sortedIds(records: readonly { readonly id: string }[]): string[] {
  return ids(records).sort();
}

/** A record without its version, to compare state across writes. */
export function withoutVersion(record: NodeRecord | EdgeRecord | undefined): unknown {
  if (record === undefined) return undefined;
  const { version: _version, ...rest } = record;
  return rest;
}
