/**
 * The one contract suite every GraphStore runs (DESIGN.md §4, STYLE.md "one
 * contract suite run against every GraphStore"). It checks only the port's
 * behaviour (src/graph/port.ts). Tests isolate themselves by unique id
 * prefixes on a shared store; those that need exact global counts (stats,
 * export) or end the store (close) ask the factory for a store of their own.
 * Factories must give their store `contractLabelsOf` as its label function.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import type { GraphStore } from '../port.js';
import type { ContractContext, GraphStoreFactory } from './contract-context.js';
import { describeFeedContract } from './contract-feed.js';
import { describeListContract } from './contract-list.js';
import { describeReadContract } from './contract-read.js';
import { describeWriteContract } from './contract-write.js';

/** Registers the contract as a vitest `describe` named after the store. */
export function describeGraphStoreContract(name: string, factory: GraphStoreFactory): void {
  describe(`GraphStore contract: ${name}`, () => {
    let shared: { store: GraphStore; cleanup: () => Promise<void> } | undefined;
    const owned: Array<() => Promise<void>> = [];
    beforeAll(async () => {
      shared = await factory();
    });
    afterAll(async () => {
      for (const cleanup of owned.splice(0)) await cleanup();
      await shared?.cleanup();
    });
    const ctx: ContractContext = {
      shared: () => {
        if (shared === undefined) throw new Error('the shared store failed to open');
        return shared.store;
      },
      own: async () => {
        const made = await factory();
        owned.push(made.cleanup);
        return made.store;
      },
    };
    describeWriteContract(ctx);
    describeReadContract(ctx);
    describeListContract(ctx);
    describeFeedContract(ctx);
  });
}
