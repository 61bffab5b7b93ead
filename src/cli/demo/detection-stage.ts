import { join } from 'node:path';
import { SIM_LIVE_MODEL_PATH, loadLiveModel, simDetectionTable, type SimDetectionRow } from '../../scoring/index.js';

/** Field devices of the evaluation city: small enough for the demo, every scenario's kinds present. */
const DETECTION_DEVICES = 600;

export interface DemoDetection {
  /** The shipped live model's content hash. */
  readonly model: string;
  readonly devices: number;
  /** One city and one run of every scenario per seed: the demo's seed and the next two. */
  readonly seeds: readonly number[];
  readonly rows: readonly SimDetectionRow[];
}

/**
 * Detection stage of the demo (issue 6, the seed-study table): the shipped
 * live scorer rates every event of every simulator scenario on a
 * 600-device city for each of three seeds (the demo's and the next two), and the graph correlator groups the
 * alerts into incidents; the table compares cross-domain correlation with
 * the per-domain baseline. The model was trained on another city (seed 11,
 * scenario seeds 101–105; fixtures/models/sim-live), so these are held-out
 * figures unless a seed is one of those.
 */
export async function detectionStage(root: string, seed: number): Promise<DemoDetection> {
  const model = await loadLiveModel(join(root, SIM_LIVE_MODEL_PATH));
  const seeds = [seed, seed + 1, seed + 2];
  const rows = simDetectionTable({ model, devices: DETECTION_DEVICES, seeds });
  return { model: model.version, devices: DETECTION_DEVICES, seeds, rows };
}
