import { BATADAL_TAGS, tagColumn, type BatadalFrame } from '../evaluation/batadal-data.js';

/**
 * Replayed readings (BATADAL's concealment attacks, Taormina et al. 2018): an
 * attacker who hides a change records a tag's readings and sends them again.
 * The replayed stretch is then an exact copy of an earlier one, which a
 * reading that varies almost never produces by chance: over the 8,761 hours
 * of training set 1, rounded to the 0.01 the SCADA feed reports, one stretch
 * of `REPLAY_WINDOW` pairwise distinct readings repeats, across all 31 analog
 * tags (L_T3). No attack label sets the window: shorter stretches repeat by
 * chance more (5 distinct readings: 7 times in that year, 4: 108 times).
 *
 * Per hour and analog tag (levels, flows, pressures), the check looks for the
 * last `REPLAY_WINDOW` readings (all distinct, so a tank at its limit or a
 * pump at rest does not count) earlier in the same frame, not overlapping.
 */
export const REPLAY_WINDOW = 6;

/** Tags whose readings vary: levels, flows, pressures (not on/off statuses). */
export const ANALOG_TAGS: readonly string[] = BATADAL_TAGS.filter((t) => !t.startsWith('S_'));

export interface ReplayedStretches {
  /** Readings per stretch (`REPLAY_WINDOW` unless asked otherwise). */
  readonly window: number;
  /** Per tag and hour: the first hour of the earlier stretch the last `REPLAY_WINDOW` readings repeat, or −1. */
  readonly from: ReadonlyMap<string, Int32Array>;
  /** Per hour: how many tags repeat an earlier stretch. */
  readonly tags: Float64Array;
}

/** Finds, for every tag and hour, an earlier exact copy of the stretch ending there. */
export function replayedStretches(frame: BatadalFrame, window = REPLAY_WINDOW): ReplayedStretches {
  const from = new Map<string, Int32Array>();
  const tags = new Float64Array(frame.rows);
  for (const tag of ANALOG_TAGS) {
    const x = tagColumn(frame, tag);
    const earlier = new Map<string, number>();
    const hit = new Int32Array(frame.rows).fill(-1);
    for (let r = window - 1; r < frame.rows; r++) {
      const stretch = x.subarray(r - window + 1, r + 1);
      if (new Set(stretch).size < window || stretch.some((v) => Number.isNaN(v))) continue;
      const key = stretch.join(',');
      const start = earlier.get(key);
      // Pairwise distinct readings cannot repeat within an overlapping stretch, so an earlier copy never overlaps.
      if (start === undefined) earlier.set(key, r - window + 1);
      else {
        hit[r] = start;
        tags[r] = (tags[r] as number) + 1;
      }
    }
    from.set(tag, hit);
  }
  return { window, from, tags };
}
