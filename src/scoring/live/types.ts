/**
 * The contract between the live pipeline (src/pipeline) and the streaming
 * scorer (DESIGN.md §1 "score (anomaly value, calibrated probability, SHAP
 * contributions)", §6). One event in, one score out, in arrival order, with
 * bounded state per series.
 */
import type { SimEvent } from '../../sim/index.js';

/** One feature's share of a score, with what was seen and what was expected. */
export interface LiveContribution {
  readonly feature: string;
  /** SHAP value (raw-output units of the model). */
  readonly value: number;
  /** The feature's value for this event. */
  readonly actual: number;
  /** What normal operation predicts for it (the baseline's mean, or the physical expectation). */
  readonly expected?: number;
}

export interface LiveScore {
  readonly eventId: string;
  /** The model's score in [0, 1] (σ(margin) or the isolation score). */
  readonly score: number;
  /** Calibrated probability that the event is malicious or faulty, used as a risk prior. */
  readonly probability: number;
  /** probability ≥ the threshold in force for the device's class. */
  readonly flagged: boolean;
  /** The threshold that applied (feedback may move it per device class). */
  readonly threshold: number;
  /** Top contributions, largest magnitude first (at most 5). */
  readonly contributions: readonly LiveContribution[];
  /** The score in words, e.g. "level 4.1 m, expected 2.0–2.6 m; 3 failed logins in 5 min". */
  readonly explanation: string;
  /** Trust in the sensor (drift lowers it); the probability is already multiplied by it. */
  readonly trust: number;
}

/** Streams normalised events through features → model → TreeSHAP → calibration → drift trust. */
export interface LiveScorer {
  /** Content hash of the model, the baseline and the calibration (the decision record's model version). */
  readonly version: string;
  score(event: SimEvent): LiveScore;
  /** Moves the flag threshold of one device class (feedback); returns the new threshold. */
  setThreshold(deviceKind: string, threshold: number): number;
  threshold(deviceKind: string): number;
}
