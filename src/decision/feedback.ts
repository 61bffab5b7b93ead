/**
 * Analyst feedback (DESIGN.md §1 "feedback (analyst verdicts) → scoring/policy",
 * ontology cg:Feedback `feedbackOn` an alert): a verdict on an alert, and the
 * threshold recalibration it allows.
 *
 * Only confirmed outcomes train: TRUE_POSITIVE lowers the device class's flag
 * threshold by one step (flag such events earlier), FALSE_POSITIVE raises it by
 * one step; BENIGN (real but harmless, e.g. maintenance) moves nothing. Steps
 * are bounded and the threshold stays in [min, max], so a burst of verdicts
 * (or a compromised analyst account) cannot switch detection off or flag
 * everything; it takes many consistent verdicts to move a class far.
 */
export type FeedbackVerdict = 'TRUE_POSITIVE' | 'FALSE_POSITIVE' | 'BENIGN';

/** One verdict as recorded in the loop's journal. */
export interface FeedbackRecord {
  readonly type: 'feedback';
  readonly alertId: string;
  readonly eventId: string;
  readonly deviceKind: string;
  readonly verdict: FeedbackVerdict;
  readonly analyst: string;
  readonly comment?: string;
  readonly recordedAt: string;
  readonly threshold?: { readonly before: number; readonly after: number };
}

export interface RecalibrationOptions {
  /** Size of one move (default 0.02). */
  readonly step?: number;
  /** Lowest threshold feedback may reach (default 0.2). */
  readonly min?: number;
  /** Highest threshold feedback may reach (default 0.95). */
  readonly max?: number;
}

const DIRECTION: Readonly<Record<FeedbackVerdict, number>> = { TRUE_POSITIVE: -1, FALSE_POSITIVE: 1, BENIGN: 0 };

/** True for the verdicts that may move a threshold (confirmed outcomes). */
export function trainsThreshold(verdict: FeedbackVerdict): boolean {
  return DIRECTION[verdict] !== 0;
}

/** The threshold after one verdict: one bounded step, clamped to [min, max]; unchanged for BENIGN. */
export function recalibrateThreshold(current: number, verdict: FeedbackVerdict, options: RecalibrationOptions = {}): number {
  const step = Math.abs(options.step ?? 0.02);
  const min = options.min ?? 0.2;
  const max = options.max ?? 0.95;
  const direction = DIRECTION[verdict];
  if (direction === 0) return current;
  const next = Math.min(max, Math.max(min, current + direction * step));
  return Math.round(next * 1e6) / 1e6;
}
