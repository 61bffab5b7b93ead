import { applyIsotonic, fitIsotonic, type IsotonicCalibration } from './isotonic-calibration.js';
import { applyPlatt, fitPlatt, type PlattCalibration } from './platt-scaling.js';

/** A fitted map from a model score to a probability, used as a risk prior. */
export type Calibration = PlattCalibration | IsotonicCalibration;
export type CalibrationMethod = Calibration['method'];

const FITTERS: Readonly<Record<CalibrationMethod, (s: ArrayLike<number>, y: ArrayLike<number>) => Calibration>> = {
  platt: fitPlatt,
  isotonic: fitIsotonic,
};

/** Fits a calibration of scores to 0/1 labels with the named method. */
export function fitCalibration(method: CalibrationMethod, scores: ArrayLike<number>, labels: ArrayLike<number>): Calibration {
  return FITTERS[method](scores, labels);
}

/** The calibrated probability of a score. */
export function calibrate(calibration: Calibration, score: number): number {
  return calibration.method === 'platt' ? applyPlatt(calibration, score) : applyIsotonic(calibration, score);
}
