/**
 * The BATADAL competition score (Taormina et al. 2018, "The Battle of the
 * Attack Detection Algorithms", J. Water Resour. Plann. Manage. 144(8), rules
 * §3.3–3.4):
 *   S = γ·S_TTD + (1 − γ)·S_CM, γ = 0.5
 *   S_TTD = 1 − (1/n_a) Σ_i TTD_i/Δt_i   (TTD_i = hours from the attack's first
 *           hour to the first alarm inside it; an undetected attack counts Δt_i)
 *   S_CM = (TPR + TNR)/2 over hourly ticks.
 * Attacks are the maximal runs of label 1; Δt_i is the run length in hours.
 */
export interface AttackDetection {
  /** Index of the attack's first hour. */
  readonly start: number;
  /** Hours in the attack (Δt). */
  readonly duration: number;
  /** Hours to the first alarm (TTD), = duration when undetected. */
  readonly timeToDetection: number;
  readonly detected: boolean;
}

export interface BatadalScore {
  readonly S: number;
  readonly sTtd: number;
  readonly sCm: number;
  readonly tpr: number;
  readonly tnr: number;
  readonly attacks: readonly AttackDetection[];
}

export const BATADAL_GAMMA = 0.5;

/** Maximal runs of 1 in the labels as [start, duration]. */
export function attackRuns(labels: ArrayLike<number>): [number, number][] {
  const runs: [number, number][] = [];
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1) continue;
    const start = i;
    while (i < labels.length && labels[i] === 1) i++;
    runs.push([start, i - start]);
  }
  return runs;
}

/** S_TTD from its parts (also used to check the published leaderboard). */
export function combineBatadal(sTtd: number, sCm: number, gamma = BATADAL_GAMMA): number {
  return gamma * sTtd + (1 - gamma) * sCm;
}

/** Scores hourly alarms (0/1) against hourly labels (0/1) of the same length. */
export function batadalScore(labels: ArrayLike<number>, alarms: ArrayLike<number>): BatadalScore {
  const attacks = attackRuns(labels).map(([start, duration]): AttackDetection => {
    let ttd = duration;
    for (let k = 0; k < duration; k++) {
      if (alarms[start + k] === 1) {
        ttd = k;
        break;
      }
    }
    return { start, duration, timeToDetection: ttd, detected: ttd < duration };
  });
  let tp = 0, fn = 0, tn = 0, fp = 0;
  for (let i = 0; i < labels.length; i++) {
    const alarm = alarms[i] === 1;
    if (labels[i] === 1) {
      if (alarm) tp++;
      else fn++;
    } else if (alarm) fp++;
    else tn++;
  }
  const tpr = tp + fn > 0 ? tp / (tp + fn) : 1;
  const tnr = tn + fp > 0 ? tn / (tn + fp) : 1;
  const sTtd = attacks.length > 0 ? 1 - attacks.reduce((s, a) => s + a.timeToDetection / a.duration, 0) / attacks.length : 1;
  const sCm = (tpr + tnr) / 2;
  return { S: combineBatadal(sTtd, sCm), sTtd, sCm, tpr, tnr, attacks };
}
