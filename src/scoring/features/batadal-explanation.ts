import { BATADAL_TAGS } from '../evaluation/batadal-data.js';
import type { BatadalFrame } from '../evaluation/batadal-data.js';
import type { BatadalFeatures } from './batadal-features.js';
import { hydraulicDeviations } from './batadal-hydraulic-words.js';
import { rangeWords } from './expected-range-words.js';
import { CTOWN_CONTROL_RULES } from './ctown-control-rules.js';

/**
 * Explanations in words for a BATADAL hour (issue 6 item 7): the tags that
 * deviate most from their normal-operation expectation, each with its actual
 * reading and the expected range (prediction ± 2σ of the normal residual),
 * (a pump status only when its expectation rounds to the other state), and
 * for a tank the state of the actuators its control rules drive, e.g.
 * "tank T3 level 4.10 m, expected 2.00–2.60 m given pump PU4 off".
 * With `batadal-v2` the hydraulic checks compete in the same ranking
 * (`batadal-hydraulic-words.ts`): "tank T3 level fell 0.09 m in the hour,
 * expected 0.01–0.44 m: inflow from PU4, PU5 explains +0.41 m, …".
 */
export interface TagDeviation {
  readonly tag: string;
  readonly actual: number;
  readonly expectedLow: number;
  readonly expectedHigh: number;
  /** Residual in normal standard deviations. */
  readonly deviation: number;
  readonly text: string;
  /**
   * Which check found it: the tag's ridge model (absent, `batadal-v1`), a
   * tank's mass balance (actual and expected are level changes in m over the
   * hour), a running pump's flow model, a pump's status against its flow, or
   * a running pump's flow against its head curve at the station head
   * (expected range: curve ± the residual scale, `pump-head-curves.ts`), or
   * a tank's mass-balance CUSUM above the largest of the normal year (actual:
   * the CUSUM; expected: 0 to that largest), or a stretch of readings that
   * repeats an earlier one exactly (actual, low and high: the last reading).
   */
  readonly check?: 'mass-balance' | 'mass-balance-cusum' | 'pump-flow' | 'status-flow' | 'head-curve' | 'replay';
  /**
   * The weaker checks of the same reading at this hour (a pump's flow against
   * its tag model, its flow model and its head curve), folded under this one
   * so the ranking names other tags in their place; `text` then states the
   * reading once with every check's expectation (`foldSameReading`).
   */
  readonly also?: readonly TagDeviation[];
}

const KIND_BY_PREFIX: Readonly<Record<string, { noun: string; quantity: string; unit: string }>> = {
  L: { noun: 'tank', quantity: 'level', unit: ' m' },
  F: { noun: 'pump', quantity: 'flow', unit: ' L/s' },
  S: { noun: 'pump', quantity: 'status', unit: '' },
  P: { noun: 'junction', quantity: 'pressure', unit: ' m' },
};

function actuatorStates(frame: BatadalFrame, tank: string, r: number): string {
  const parts = CTOWN_CONTROL_RULES.filter((rule) => rule.tank === tank).map((rule) => {
    const on = frame.columns.get(`S_${rule.actuator}`)?.[r] === 1;
    const noun = rule.actuator.startsWith('V') ? 'valve' : 'pump';
    return `${noun} ${rule.actuator} ${on ? 'on' : 'off'}`;
  });
  return parts.length > 0 ? ` given ${parts.join(', ')}` : '';
}

const UNKNOWN_KIND = { noun: 'tag', quantity: 'value', unit: '' } as const;

/** A tag's kind and element: `F_V2` → valve V2 flow in L/s. */
function tagParts(tag: string): { readonly prefix: string; readonly element: string; readonly kind: { noun: string; quantity: string; unit: string }; readonly noun: string } {
  const [prefix = '', element = ''] = tag.split('_');
  const kind = KIND_BY_PREFIX[prefix] ?? UNKNOWN_KIND;
  return { prefix, element, kind, noun: element.startsWith('V') ? 'valve' : kind.noun };
}

function describe(frame: BatadalFrame, tag: string, r: number, actual: number, low: number, high: number): string {
  const { prefix, element, kind, noun } = tagParts(tag);
  const given = prefix === 'L' ? actuatorStates(frame, element, r) : '';
  if (prefix === 'S') {
    const state = (v: number): string => (v >= 0.5 ? 'on' : 'off');
    return `${noun} ${element} ${state(actual)}, expected ${state((low + high) / 2)}`;
  }
  const words = rangeWords(actual, low, high, kind.unit);
  return `${tagWords(tag)} ${words.value(actual)}${kind.unit}, ${words.range}${given}`;
}

/**
 * A tag's residual in words, in normal standard deviations, beyond what the
 * reading's resolution leaves open: a reading reported to 0.01 is known only
 * to ± 0.005, so a pressure that barely moves (normal σ 0.001 m) is not "5σ
 * off" for being rounded. The detection features keep the plain residual.
 */
function resolvedDeviation(features: BatadalFeatures, tag: string, r: number): number {
  const z = (features.residuals.get(tag) as Float64Array)[r] as number;
  const rounding = (features.readingSteps.get(tag) ?? 0) / 2 / (features.residualSd.get(tag) as number);
  return Math.sign(z) * Math.max(0, Math.abs(z) - rounding);
}

/** The `top` tag and hydraulic deviations with the largest |residual| at hour r, described in words. */
export function batadalDeviations(frame: BatadalFrame, features: BatadalFeatures, r: number, top = 3): TagDeviation[] {
  // A status whose expectation rounds to its actual state says nothing, however large its residual.
  const informative = (tag: string): boolean =>
    !tag.startsWith('S_') || Math.round((features.expected.get(tag) as Float64Array)[r] as number) !== (frame.columns.get(tag) as Float64Array)[r];
  const tags = BATADAL_TAGS.map((tag) => ({ tag, z: resolvedDeviation(features, tag, r) }))
    .filter((d) => Number.isFinite(d.z) && d.z !== 0 && informative(d.tag))
    .map(({ tag, z }) => tagDeviation(frame, features, tag, z, r));
  const ranked = [...tags, ...hydraulicDeviations(frame, features, r), ...replayDeviations(frame, features, r)].sort((a, b) => Math.abs(b.deviation) - Math.abs(a.deviation));
  return foldSameReading(ranked).slice(0, top);
}

/**
 * Checks that state the same reading against an expectation: the tag's ridge
 * model, a running pump's flow model and its head curve. Each text reads
 * "<reading>, <expectation>", the reading holding no comma and one decimal
 * number, its value. Only a pump's flow has more than one of them; a tank,
 * junction or status has its ridge model alone and is never folded.
 */
const SAME_READING: ReadonlySet<TagDeviation['check']> = new Set([undefined, 'pump-flow', 'head-curve']);

/** What the tag's ridge model predicts from, said when its expectation stands beside another check's. */
const RIDGE_BASIS = 'from the other tags and its previous hour';

function expectationClause(d: TagDeviation): string {
  const clause = d.text.slice(d.text.indexOf(', ') + 2);
  return d.check === undefined ? `${clause} ${RIDGE_BASIS}` : clause;
}

/**
 * Folds each same-reading check under the strongest check of its tag, ranked
 * first: "pump PU4 flow 36.99 L/s, expected 32.58–33.79 L/s from its head
 * curve at the station head 65.12 m (P_J256 − P_J300); expected 32.18–35.02
 * L/s given the tank levels and which pumps run; expected 32.12–35.04 L/s
 * from the other tags and its previous hour" (test set, 16/01/17 12), where
 * three lines said the same reading three times.
 */
function foldSameReading(ranked: readonly TagDeviation[]): TagDeviation[] {
  const leads = new Map<string, TagDeviation[]>();
  const out: TagDeviation[][] = [];
  for (const d of ranked) {
    const sameReading = SAME_READING.has(d.check) && d.text.includes(', ');
    const group = sameReading ? leads.get(d.tag) : undefined;
    if (group) {
      group.push(d);
      continue;
    }
    const fresh = [d];
    if (sameReading) leads.set(d.tag, fresh);
    out.push(fresh);
  }
  return out.map(([lead, ...also]) => {
    const head = lead as TagDeviation;
    if (also.length === 0) return head;
    // Each check shows the value to the decimals its own range needs; the reading shown once takes the most of them,
    // so no clause's range looks as if it held a value it does not.
    const readingOf = (d: TagDeviation): string => d.text.slice(0, d.text.indexOf(', '));
    const digits = Math.max(...[head, ...also].map((d) => /\d\.(\d+)/.exec(readingOf(d))?.[1]?.length ?? 0));
    const reading = readingOf(head).replace(/-?\d+\.\d+/, head.actual.toFixed(digits));
    return { ...head, text: `${reading}, ${[head, ...also].map(expectationClause).join('; ')}`, also };
  });
}

/** A reading at its reported resolution (2 decimals when finer or unknown, at most 4). */
function readingText(v: number, step: number): string {
  const decimals = step > 0 ? Math.min(4, Math.max(0, Math.round(-Math.log10(step)))) : 2;
  return v.toFixed(step > 0 && step < 1e-4 ? 2 : decimals);
}

/**
 * A replayed stretch never happens by chance in normal operation (see
 * `replay-detection.ts`), like a status contradicting its flow: the ranking
 * treats it as a 10σ deviation.
 */
const REPLAY_SIGMA = 10;

/** The hours of the earlier stretch a replay repeats: "04/12/16 07 – 04/12/16 12". */
function replayedSpan(frame: BatadalFrame, start: number, window: number): string {
  const end = start + window - 1;
  return `${frame.times[start] ?? start} – ${frame.times[end] ?? end}`;
}

function replayDeviations(frame: BatadalFrame, features: BatadalFeatures, r: number): TagDeviation[] {
  return [...features.replay.from].flatMap(([tag, from]): TagDeviation[] => {
    const start = from[r] as number;
    if (start < 0) return [];
    const { window } = features.replay;
    const readings = (frame.columns.get(tag) as Float64Array).subarray(r - window + 1, r + 1);
    const shown = [...readings].map((v) => readingText(v, features.readingSteps.get(tag) ?? 0)).join(', ');
    const text = `${tagWords(tag)}: the last ${window} readings (${shown}) repeat those of ${replayedSpan(frame, start, window)} exactly`;
    const actual = readings[window - 1] as number;
    return [{ tag, check: 'replay', actual, expectedLow: actual, expectedHigh: actual, deviation: REPLAY_SIGMA, text }];
  });
}

function tagDeviation(frame: BatadalFrame, features: BatadalFeatures, tag: string, z: number, r: number): TagDeviation {
  const actual = (frame.columns.get(tag) as Float64Array)[r] as number;
  const expected = (features.expected.get(tag) as Float64Array)[r] as number;
  // Expectation ± 2σ, widened by half the reading's resolution (a rounded reading is known to ± that).
  const margin = 2 * (features.residualSd.get(tag) as number) + (features.readingSteps.get(tag) ?? 0) / 2;
  const expectedLow = expected - margin;
  const expectedHigh = expected + margin;
  return { tag, actual, expectedLow, expectedHigh, deviation: z, text: describe(frame, tag, r, actual, expectedLow, expectedHigh) };
}

/** A tag in words: `L_T4` → "tank T4 level", `F_PU7` → "pump PU7 flow", `F_V2` → "valve V2 flow", `P_J14` → "junction J14 pressure". */
export function tagWords(tag: string): string {
  const { element, kind, noun } = tagParts(tag);
  return `${noun} ${element} ${kind.quantity}`;
}

/**
 * Why an hour's evidence alarms, in words: "physical evidence 6.23 > 1: tank
 * T1's mass-balance CUSUM above the largest of a year of normal operation",
 * "…: pump PU7's flow against its head curve at the station head, beyond the
 * flow meter's accuracy and any disagreement of a year of normal operation",
 * or "replayed readings: the last 6 readings of tank T2 level (and 3 more
 * tags) repeat those of … exactly". ("≤ 1" when asked of an hour whose
 * evidence does not alarm.)
 */
export function evidenceWords(frame: BatadalFrame, features: BatadalFeatures, r: number): string {
  const from = features.evidenceFrom[r] ?? '';
  const evidence = features.evidence[r] as number;
  const value = `${evidence.toFixed(2)} ${evidence > 1 ? '>' : '≤'} 1`;
  if (from.startsWith('replay:')) {
    const tag = from.slice('replay:'.length);
    const { window } = features.replay;
    const start = (features.replay.from.get(tag) as Int32Array)[r] as number;
    const more = (features.replay.tags[r] as number) - 1;
    const others = more > 0 ? ` (and ${more} more tag${more > 1 ? 's' : ''})` : '';
    return `replayed readings: the last ${window} readings of ${tagWords(tag)}${others} repeat those of ${replayedSpan(frame, start, window)} exactly`;
  }
  if (from.startsWith('PU')) return `physical evidence ${value}: pump ${from}'s flow against its head curve at the station head, beyond the flow meter's accuracy and any disagreement of a year of normal operation`;
  if (from.startsWith('T')) return `physical evidence ${value}: tank ${from}'s mass-balance CUSUM above the largest of a year of normal operation`;
  return `evidence ${value}`;
}
