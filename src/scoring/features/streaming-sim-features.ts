import { EngineError } from '../../core/index.js';
import { SECURITY_ACTIONS, SIM_DEVICE_KINDS, type SecurityAction, type SimEvent } from '../../sim/index.js';
import { CTOWN_CONTROL_RULES, expectedActuatorState, type ControlRule } from './ctown-control-rules.js';

/**
 * Streaming features of one simulated-city event (issue 6 item 1, DESIGN.md
 * §6), computed with bounded state per series so the live scorer sees each
 * event once, in arrival order:
 * - `value:z`: the reading against its (device, quantity) series, mean and
 *   spread learned online (Welford 1962) from unflagged readings only; until
 *   the series has `minReadings`, against the (device kind, quantity) prior
 *   shipped with the model, so any city works from its first reading;
 * - `rate:z`: the change since the series' previous reading over the RMS of
 *   normal changes (same online/prior rule);
 * - `peer:z`: `value:z` minus the mean latest `value:z` of the other devices
 *   of the same kind and quantity in the same zone (0 without peers);
 * - `hour:sin`, `hour:cos`: time of day (the city's daily shapes);
 * - `kind`: the device kind's index in SIM_DEVICE_KINDS (−1 unknown);
 * - `security` (1 for a security event) and `sec:<action>`: the device's
 *   security counters (failed logins, new peers, firmware changes, …) summed
 *   over a sliding window that includes this event;
 * - `physics:deviation`: for a C-Town pump or valve status reading, the
 *   reading minus the state its level rule demands given the latest level of
 *   its tank in the same district (CTOWN_CONTROL_RULES: on below, off above;
 *   0 inside the hysteresis band, without a level, or for other devices).
 */
export const LIVE_FEATURE_NAMES: readonly string[] = [
  'value:z',
  'rate:z',
  'peer:z',
  'hour:sin',
  'hour:cos',
  'kind',
  'security',
  ...SECURITY_ACTIONS.map((a) => `sec:${a}`),
  'physics:deviation',
];

const PHYSICS = 7 + SECURITY_ACTIONS.length;
const RULE_OF = new Map(CTOWN_CONTROL_RULES.map((r) => [r.actuator, r]));

/** Where a device sits in a structured unit: a C-Town district `w3` and its element `T1`, `PU4` (DeviceRecord has both). */
export interface DeviceElement {
  readonly site?: string;
  readonly element?: string;
}

const SEC_BASE = 7;
const ACTION_INDEX: Readonly<Record<SecurityAction, number>> = Object.fromEntries(SECURITY_ACTIONS.map((a, i) => [a, i])) as Record<
  SecurityAction,
  number
>;
const KIND_INDEX = new Map<string, number>(SIM_DEVICE_KINDS.map((k, i) => [k, i]));
const DAY_MS = 86_400_000;

/** Normal statistics of a (device kind, quantity): the cold-start prior. */
export interface SeriesPrior {
  readonly mean: number;
  readonly sd: number;
  /** RMS of the change between consecutive readings. */
  readonly rateSd: number;
}

export interface StreamingFeatureOptions {
  /** Priors keyed `${kind}|${quantity}`. */
  readonly priors: ReadonlyMap<string, SeriesPrior>;
  /** Zone of a device, for peer deviation; devices without a zone have no peers. */
  readonly zoneOf?: (deviceId: string) => string | undefined;
  /** Readings a series needs before its own statistics replace the prior. Default 16. */
  readonly minReadings?: number;
  /** Sliding window of the security counters, ms. Default 1 h. */
  readonly securityWindowMs?: number;
  /** Site and element of a device, for the physical expectation; without it `physics:deviation` is 0. */
  readonly elementOf?: (deviceId: string) => DeviceElement | undefined;
  /**
   * Oldest tank level, ms from the actuator reading either way, the physical expectation still
   * trusts (default 1 h: four of the simulator's 15-minute reports). A level sensor that went
   * silent (its gateway encrypted, its link cut) no longer says where the tank is; judging pumps
   * against it raised false alerts (gateway-ransomware, seed 3: PU10 against a stale T7).
   */
  readonly maxLevelAgeMs?: number;
}

interface Series {
  n: number;
  mean: number;
  m2: number;
  dn: number;
  dsq: number;
  last: number;
  hasLast: boolean;
}

interface PeerGroup {
  readonly z: Map<string, number>;
  sum: number;
}

interface SecurityWindow {
  readonly times: number[];
  readonly actions: number[];
  readonly counts: number[];
  head: number;
  readonly sums: Float64Array;
}

/** What a feature row was computed from: for the words of an explanation and the online update. */
export interface FeatureContext {
  readonly event: SimEvent;
  /** The series (observations only). */
  readonly series: Series | undefined;
  /** Mean, spread and change spread the z-scores used (observations only). */
  readonly mean: number;
  readonly sd: number;
  readonly rateSd: number;
  /** The change since the previous reading (NaN for the first). */
  readonly change: number;
  /** Mean latest `value:z` of the peers (NaN without peers). */
  readonly peerMeanZ: number;
  readonly peers: number;
  /** The control rule an actuator reading was checked against, its tank's level and the state it demands. */
  readonly physics?: { readonly rule: ControlRule; readonly level: number; readonly expected: number };
}

const floorOf = (mean: number): number => Math.max(1e-3, 1e-3 * Math.abs(mean));

/**
 * Streams events into feature rows. `features(event, row)` fills the row and
 * returns the context; `commit(context, flagged)` then updates the series
 * statistics (only when the event was not flagged, so an attack does not
 * become the new normal).
 */
export class StreamingSimFeatures {
  readonly #priors: ReadonlyMap<string, SeriesPrior>;
  readonly #zoneOf: ((deviceId: string) => string | undefined) | undefined;
  readonly #minReadings: number;
  readonly #windowMs: number;
  readonly #series = new Map<string, Series>();
  readonly #peers = new Map<string, PeerGroup>();
  readonly #security = new Map<string, SecurityWindow>();
  readonly #elementOf: ((deviceId: string) => DeviceElement | undefined) | undefined;
  readonly #levels = new Map<string, { value: number; timeMs: number }>();
  readonly #maxLevelAgeMs: number;

  constructor(options: StreamingFeatureOptions) {
    this.#priors = options.priors;
    this.#zoneOf = options.zoneOf;
    this.#minReadings = options.minReadings ?? 16;
    this.#windowMs = options.securityWindowMs ?? 3_600_000;
    this.#elementOf = options.elementOf;
    this.#maxLevelAgeMs = options.maxLevelAgeMs ?? 3_600_000;
  }

  /**
   * Fills `row` (length LIVE_FEATURE_NAMES.length) for `event`.
   * @throws EngineError CG_LIVE_EVENT_INVALID when `event.time` does not parse (checked before any state changes:
   * a NaN time would sit at the head of the security window and never expire).
   */
  features(event: SimEvent, row: Float64Array): FeatureContext {
    const timeMs = Date.parse(event.time);
    if (Number.isNaN(timeMs)) {
      throw new EngineError('CG_LIVE_EVENT_INVALID', `Event ${event.id} has time "${event.time}", which is not an ISO-8601 time.`, {
        details: { eventId: event.id, field: 'time', value: event.time },
      });
    }
    row.fill(0);
    const angle = (2 * Math.PI * (((timeMs % DAY_MS) + DAY_MS) % DAY_MS)) / DAY_MS;
    row[3] = Math.sin(angle);
    row[4] = Math.cos(angle);
    row[5] = KIND_INDEX.get(event.kind) ?? -1;
    const sums = this.#securitySums(event, timeMs);
    for (let a = 0; a < SECURITY_ACTIONS.length; a++) row[SEC_BASE + a] = sums[a] as number;
    if (event.type === 'security') {
      row[6] = 1;
      return { event, series: undefined, mean: 0, sd: 1, rateSd: 1, change: Number.NaN, peerMeanZ: Number.NaN, peers: 0 };
    }
    return this.#observation(event, row, timeMs);
  }

  /** Updates the series with an unflagged reading (flagged readings leave the statistics alone). */
  commit(context: FeatureContext, flagged: boolean): void {
    const { event, series } = context;
    if (event.type !== 'observation' || series === undefined) return;
    if (!flagged) {
      series.n += 1;
      const d = event.value - series.mean;
      series.mean += d / series.n;
      series.m2 += d * (event.value - series.mean);
      if (series.hasLast) {
        const change = event.value - series.last;
        series.dn += 1;
        series.dsq += change * change;
      }
    }
    series.last = event.value;
    series.hasLast = true;
  }

  #observation(event: SimEvent & { readonly type: 'observation' }, row: Float64Array, timeMs: number): FeatureContext {
    const key = `${event.deviceId}|${event.quantity}`;
    let series = this.#series.get(key);
    if (series === undefined) {
      series = { n: 0, mean: 0, m2: 0, dn: 0, dsq: 0, last: 0, hasLast: false };
      this.#series.set(key, series);
    }
    const prior = this.#priors.get(`${event.kind}|${event.quantity}`);
    const own = series.n >= this.#minReadings;
    const mean = own ? series.mean : (prior?.mean ?? (series.n > 0 ? series.mean : event.value));
    const sd = Math.max(own ? Math.sqrt(series.m2 / series.n) : (prior?.sd ?? 0), floorOf(mean));
    const rateSd = Math.max(own && series.dn > 0 ? Math.sqrt(series.dsq / series.dn) : (prior?.rateSd ?? 0), floorOf(mean));
    const z = (event.value - mean) / sd;
    const change = series.hasLast ? event.value - series.last : Number.NaN;
    row[0] = z;
    row[1] = Number.isNaN(change) ? 0 : change / rateSd;
    const { peerMeanZ, peers } = this.#peerDeviation(event, z);
    row[2] = peers > 0 ? z - peerMeanZ : 0;
    const physics = this.#physics(event, timeMs);
    if (physics !== undefined && !Number.isNaN(physics.expected)) row[PHYSICS] = event.value - physics.expected;
    return { event, series, mean, sd, rateSd, change, peerMeanZ, peers, ...(physics === undefined ? {} : { physics }) };
  }

  /**
   * Records tank levels; for an actuator status reading, returns its rule, its tank's latest level
   * and the demanded state — none when that level is older than `maxLevelAgeMs`.
   */
  #physics(event: SimEvent & { readonly type: 'observation' }, timeMs: number): FeatureContext['physics'] {
    const where = this.#elementOf?.(event.deviceId);
    if (where?.site === undefined || where.element === undefined) return undefined;
    if (event.kind === 'LevelSensor') {
      this.#levels.set(`${where.site}|${where.element}`, { value: event.value, timeMs });
      return undefined;
    }
    const rule = event.quantity === 'status' ? RULE_OF.get(where.element) : undefined;
    const latest = rule === undefined ? undefined : this.#levels.get(`${where.site}|${rule.tank}`);
    if (rule === undefined || latest === undefined || Math.abs(timeMs - latest.timeMs) > this.#maxLevelAgeMs) return undefined;
    return { rule, level: latest.value, expected: expectedActuatorState(rule, latest.value) };
  }

  #peerDeviation(event: SimEvent & { readonly type: 'observation' }, z: number): { peerMeanZ: number; peers: number } {
    const zone = this.#zoneOf?.(event.deviceId);
    if (zone === undefined) return { peerMeanZ: Number.NaN, peers: 0 };
    const key = `${zone}|${event.kind}|${event.quantity}`;
    let group = this.#peers.get(key);
    if (group === undefined) {
      group = { z: new Map(), sum: 0 };
      this.#peers.set(key, group);
    }
    const previous = group.z.get(event.deviceId);
    const othersSum = group.sum - (previous ?? 0);
    const others = group.z.size - (previous === undefined ? 0 : 1);
    group.z.set(event.deviceId, z);
    group.sum = othersSum + z;
    return others > 0 ? { peerMeanZ: othersSum / others, peers: others } : { peerMeanZ: Number.NaN, peers: 0 };
  }

  /** The device's security counters over the window ending at `timeMs`, this event included. */
  #securitySums(event: SimEvent, timeMs: number): Float64Array {
    let w = this.#security.get(event.deviceId);
    if (w === undefined) {
      if (event.type !== 'security') return EMPTY_SUMS;
      w = { times: [], actions: [], counts: [], head: 0, sums: new Float64Array(SECURITY_ACTIONS.length) };
      this.#security.set(event.deviceId, w);
    }
    while (w.head < w.times.length && (w.times[w.head] as number) <= timeMs - this.#windowMs) {
      const a = w.actions[w.head] as number;
      w.sums[a] = (w.sums[a] as number) - (w.counts[w.head] as number);
      w.head++;
    }
    if (w.head > 64 && w.head * 2 > w.times.length) {
      w.times.splice(0, w.head);
      w.actions.splice(0, w.head);
      w.counts.splice(0, w.head);
      w.head = 0;
    }
    if (event.type === 'security') {
      const a = ACTION_INDEX[event.action];
      w.times.push(timeMs);
      w.actions.push(a);
      w.counts.push(event.count);
      w.sums[a] = (w.sums[a] as number) + event.count;
    }
    return w.sums;
  }
}

const EMPTY_SUMS = new Float64Array(SECURITY_ACTIONS.length);
