import { readFile } from 'node:fs/promises';
import { EngineError } from '../../core/index.js';
import { createLiveScorer, type LiveScorerOptions } from './create-live-scorer.js';
import { parseLiveModel, type LiveModel } from './live-model.js';
import type { LiveScorer } from './types.js';

export type LoadLiveScorerOptions = Omit<LiveScorerOptions, 'model'>;

/** Where the shipped simulated-city live model sits, relative to the package root. */
export const SIM_LIVE_MODEL_PATH = 'fixtures/models/sim-live/sim-live-scorer.json';

/**
 * Reads and checks a live model file (e.g. {@link SIM_LIVE_MODEL_PATH},
 * written by `tools/train-live-scorer.ts`).
 * @throws EngineError CG_FILE_UNREADABLE when the file cannot be read, CG_MODEL_INVALID
 * when it is not JSON or not a live model, CG_MODEL_VERSION_MISMATCH when it was edited.
 */
export async function loadLiveModel(file: string): Promise<LiveModel> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new EngineError('CG_FILE_UNREADABLE', `Cannot read live model file ${file}.`, { details: { file }, cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new EngineError('CG_MODEL_INVALID', `Live model file ${file} is not JSON.`, { details: { file, pointer: '' }, cause });
  }
  return parseLiveModel(json);
}

/** Reads a live model file and returns its scorer; the file's content hash becomes `scorer.version`. */
export async function loadLiveScorer(file: string, options: LoadLiveScorerOptions = {}): Promise<LiveScorer> {
  return createLiveScorer({ ...options, model: await loadLiveModel(file) });
}
