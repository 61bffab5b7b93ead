/**
 * Wires the live loop for `civgraph serve` (the composition root passes
 * everything in; nothing here reads env or config): streaming scorer from a
 * model file, graph correlator, policy bundle, micro-batched store writes,
 * hash-chained decision log and feedback journal, the optional MQTT worker,
 * and the LiveFeed and `/metrics` text the API serves.
 */
import type { Logger } from '../core/index.js';
import { openPolicyBundle, type DecisionRecord, type FeedbackRecord } from '../decision/index.js';
import type { GraphStore } from '../graph/port.js';
import type { Projection } from '../graph/projection/index.js';
import { createIncidentCorrelator, loadLiveScorer, type IncidentCorrelator, type LiveScorer } from '../scoring/index.js';
import { openChainedJournal } from './chained-journal.js';
import type { PolicyBundleInput } from './decide-stage.js';
import { createLiveFeed, type ApprovalRecord } from './create-live-feed.js';
import { createIngestor } from './ingestor.js';
import type { LiveFeed } from './live-feed.js';
import type { DeviceDirectory } from './live-event.js';
import { createLiveLoop, type LiveLoop } from './live-loop.js';
import { createPipelineMetrics } from './pipeline-metrics.js';
import { startMqttWorker, type MqttWorker } from './mqtt-worker.js';
import { projectionDirectory, projectionElementOf } from './projection-directory.js';
import { restoreLoopState } from './restore-loop-state.js';
import { createStoreStage } from './store-stage.js';
import { openThreadedStoreWriter } from './threaded-store-writer.js';
import { ACTION_TOPIC, topicLevel } from './topic-layout.js';

export interface OpenLiveLoopOptions {
  readonly store: GraphStore;
  readonly projection: Projection;
  readonly logger: Logger;
  /** rules/ (policies + action catalogue). */
  readonly rulesDir: string;
  /** Streaming-scorer model file (fixtures/models/sim-live/sim-live-scorer.json). */
  readonly modelFile: string;
  /** Hash-chained decision log; feedback and approvals go to `<log>.feedback.jsonl` beside it. */
  readonly decisionLog: string;
  /** Correlation window (default one hour). */
  readonly windowMs?: number;
  /**
   * Where the store stage writes (default `store`). With the embedded store, pass
   * `openThreadedStoreWriter({ path })` so SQLite commits run off the loop's thread
   * (threaded-store-writer.ts); the caller closes it after `close()`.
   */
  readonly storeWriter?: Pick<GraphStore, 'write'>;
  /**
   * Embedded store only: the loop opens its own threaded writer on this file (SQLite commits off the
   * loop's thread, `openThreadedStoreWriter`) and closes it in `close()`. Ignored when `storeWriter` is given.
   */
  readonly storeThread?: { readonly path: string };
  readonly mqtt?: { readonly url: string; readonly topics: readonly string[]; readonly group?: string; readonly clientId: string };
}

/** The live loop's correlation window unless told otherwise: a multi-stage attack's stages come up to an hour apart. */
export const DEFAULT_CORRELATION_WINDOW_MS = 3_600_000;

/** What decides in a loop: the scorer, the correlator and the policy bundle. */
export interface LoopDeciders {
  readonly scorer: LiveScorer;
  readonly correlator: IncidentCorrelator;
  readonly bundle: PolicyBundleInput;
}

/**
 * Builds the scorer, the graph correlator and the policy bundle the same way for `civgraph serve`
 * and for the demo's batch run, so both decide alike. The scorer reads from the projection each
 * device's zone (peer deviation) and its cg:site/cg:element (the physical expectation of C-Town
 * pumps and valves, `physics:deviation`), as the shipped model was trained (deviceLookups). Pass
 * the loop's `directory` over the same projection so the scorer shares its memo.
 */
export async function openLoopDeciders(options: { readonly projection: Projection; readonly rulesDir: string; readonly modelFile: string; readonly windowMs?: number; readonly directory?: DeviceDirectory }): Promise<LoopDeciders> {
  const { projection } = options;
  const directory = options.directory ?? projectionDirectory(projection);
  return {
    scorer: await loadLiveScorer(options.modelFile, { zoneOf: (id) => directory(id)?.zone, elementOf: projectionElementOf(projection) }),
    correlator: createIncidentCorrelator({ projection, windowMs: options.windowMs ?? DEFAULT_CORRELATION_WINDOW_MS }),
    bundle: openPolicyBundle({ dir: options.rulesDir }),
  };
}

export interface OpenLiveLoop {
  readonly loop: LiveLoop;
  readonly feed: LiveFeed;
  readonly worker?: MqttWorker;
  /** Prometheus text for `/metrics`. */
  renderMetrics(): string;
  /** Disconnects the worker and flushes the store writes. */
  close(): Promise<void>;
}

/** Builds and starts the loop; with `mqtt`, resolves once the worker's subscriptions are granted. */
export async function openLiveLoop(options: OpenLiveLoopOptions): Promise<OpenLiveLoop> {
  const { projection, logger } = options;
  const directory = projectionDirectory(projection);
  const { scorer, correlator, bundle } = await openLoopDeciders({ ...options, directory });
  const metrics = createPipelineMetrics();
  const threaded = options.storeWriter === undefined && options.storeThread !== undefined ? await openThreadedStoreWriter({ path: options.storeThread.path }) : undefined;
  const store = createStoreStage({ store: options.storeWriter ?? threaded ?? options.store, hasDevice: directory.has, metrics, onError: (err, events) => logger.warn({ err, events }, 'live loop: store write failed; retrying') });
  const decisionLog = openChainedJournal<DecisionRecord>(options.decisionLog);
  if (decisionLog.torn !== undefined) logger.warn({ diagnostic: decisionLog.torn }, 'live loop: the decision log ended in a line cut short; it was cut off');
  const loop = createLiveLoop({ projection, scorer, bundle, store, metrics, correlator, decisionLog });
  const ingestor = createIngestor({ loop, directory, onDeadLetter: (l) => logger.warn({ topic: l.topic, messageId: l.messageId, diagnostic: l.diagnostic }, 'live loop: dead letter') });
  const worker = options.mqtt === undefined ? undefined : await startMqttWorker({
    ...options.mqtt, loop, ingestor, onError: (err) => logger.warn({ err }, 'live loop: broker connection error'),
  });
  const journalFile = `${options.decisionLog.replace(/\.jsonl$/, '')}.feedback.jsonl`;
  const restored = restoreLoopState({ journal: journalFile, decisionLog: options.decisionLog });
  if (restored.torn !== undefined) logger.warn({ diagnostic: restored.torn }, 'live loop: the feedback journal ended in a line cut short; it was cut off');
  for (const [kind, threshold] of restored.thresholds) scorer.setThreshold(kind, threshold);
  const journal = openChainedJournal<FeedbackRecord | ApprovalRecord>(journalFile, restored.journalEntries);
  const feed = createLiveFeed({
    loop, ingestor,
    journal,
    findDecision: restored.findDecision,
    resolvedApprovals: restored.approvals,
    onAction: (record) => worker?.publish(`${ACTION_TOPIC}/${topicLevel(record.decisionId)}`, record),
  });
  return {
    loop, feed, ...(worker === undefined ? {} : { worker }),
    renderMetrics: () => loop.metrics.renderMetrics(),
    async close() {
      if (worker !== undefined) await worker.close();
      else await loop.flush();
      await threaded?.close();
      // Both logs on the disk before close resolves (they are synced continuously, `chained-journal.ts`).
      await Promise.all([decisionLog.close(), journal.close()]);
    },
  };
}
