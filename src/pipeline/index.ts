/**
 * The pipeline capability's only public entry (DESIGN.md §1, §2 `pipeline/`):
 * the live closed loop over an event stream — stages, micro-batching,
 * back-pressure, metrics, the MQTT worker, the HTTP ingest front and the
 * LiveFeed the API reads. See README.md.
 */
export type * from './live-feed.js';
export type { LiveEvent, DeviceInfo, DeviceDirectory } from './live-event.js';
export { createPipelineMetrics, PIPELINE_STAGES, PIPELINE_OUTCOMES, LATENCY_BUCKETS_SECONDS, type PipelineMetrics, type PipelineStage, type PipelineOutcome } from './pipeline-metrics.js';
export { createDedupCache, type DedupCache } from './dedup-cache.js';
export { decodePayload, decodeEventObject, payloadText, TOPIC_DECODERS, type DecodeResult, type RejectedElement } from './event-codec.js';
export { eventTopic, topicLevel, partitionOf, partitionFilters, shareFilter, encodeLiveEvent, liveEventJson, fnv1a, DEFAULT_PARTITIONS, DEFAULT_TOPIC_PREFIX, DEAD_LETTER_TOPIC, DECISION_TOPIC, ACTION_TOPIC } from './topic-layout.js';
export { createStoreStage, type StoreDurability, type StoreStage, type StoreStageOptions } from './store-stage.js';
export { createBoundedHistory, type BoundedHistory } from './bounded-history.js';
export { openChainedJournal, type ChainedJournal } from './chained-journal.js';
export { createDecideStage, type DecideStage, type PolicyBundleInput } from './decide-stage.js';
export { createLiveLoop, severityOf, type LiveLoop, type LiveLoopOptions, type LoopOutcome, type ProcessResult } from './live-loop.js';
export { createIngestor, type Ingestor, type IngestorOptions, type AcceptResult, type DeadLetter } from './ingestor.js';
export { createLiveFeed, type LiveFeedOptions, type ApprovalRecord } from './create-live-feed.js';
export { startMqttWorker, type MqttWorker, type MqttWorkerOptions } from './mqtt-worker.js';
export { runLoop, runScenarioThroughLoop, type LoopRunSummary, type ScenarioLoopOptions } from './run-scenario-through-loop.js';
export { projectionDirectory } from './projection-directory.js';
export { replayEvents, planBatches, encodeMessage, type ReplayOptions, type ReplayReport, type PlannedMessage } from './replay-events.js';
export { readEventLines } from './read-event-lines.js';
export { openLiveLoop, openLoopDeciders, DEFAULT_CORRELATION_WINDOW_MS, type OpenLiveLoop, type OpenLiveLoopOptions, type LoopDeciders } from './open-live-loop.js';
export { openThreadedStoreWriter, type ThreadedStoreWriter, type ThreadedStoreWriterOptions } from './threaded-store-writer.js';
export { restoreLoopState, type RestoredLoopState, type LoopStateFiles } from './restore-loop-state.js';
