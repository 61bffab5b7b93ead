import { SECURITY_ACTIONS, type SimEvent } from '../../sim/index.js';
import type { FeatureContext } from '../features/streaming-sim-features.js';
import type { LiveContribution } from './types.js';

const ACTION_WORDS: Readonly<Record<string, readonly [string, string]>> = {
  failedLogin: ['failed login', 'failed logins'],
  successfulLogin: ['successful login', 'successful logins'],
  newPeer: ['new peer', 'new peers'],
  firmwareChange: ['firmware change', 'firmware changes'],
  configChange: ['configuration change', 'configuration changes'],
  commandWrite: ['command write', 'command writes'],
  fileEncryption: ['file encryption', 'file encryptions'],
  serviceStop: ['service stop', 'service stops'],
};

const fmt = (x: number): string => {
  const a = Math.abs(x);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  return Number(x.toFixed(digits)).toString();
};

/** What the feature's value and its normal expectation are, in the units a reader knows. */
export function actualAndExpected(
  feature: string,
  index: number,
  row: Float64Array,
  context: FeatureContext,
  securityExpected: readonly number[],
): { actual: number; expected?: number } {
  const { event } = context;
  if (feature === 'value:z' && event.type === 'observation') return { actual: event.value, expected: context.mean };
  if (feature === 'rate:z' && event.type === 'observation') return { actual: Number.isNaN(context.change) ? 0 : context.change, expected: 0 };
  if (feature === 'peer:z') return { actual: row[0] as number, ...(Number.isNaN(context.peerMeanZ) ? {} : { expected: context.peerMeanZ }) };
  if (feature.startsWith('sec:')) return { actual: row[index] as number, expected: securityExpected[SECURITY_ACTIONS.indexOf(feature.slice(4) as never)] ?? 0 };
  if (feature === 'security') return { actual: row[index] as number, expected: 0 };
  if (feature === 'physics:deviation' && event.type === 'observation' && context.physics !== undefined && !Number.isNaN(context.physics.expected)) {
    return { actual: event.value, expected: context.physics.expected };
  }
  return { actual: row[index] as number };
}

/** ' m', ' µg/m³'; nothing for dimensionless readings (status 0/1 has unit "1"). */
const unitOf = (unit: string): string => (unit === '' || unit === '1' ? '' : ` ${unit}`);

const timeOfDay = (ctx: FeatureContext): string => `unusual for the time of day (${ctx.event.time.slice(11, 16)} UTC)`;

type Phrase = (c: LiveContribution, context: FeatureContext, windowMinutes: number) => string | undefined;

const observation = (e: SimEvent): (SimEvent & { type: 'observation' }) | undefined => (e.type === 'observation' ? e : undefined);

const PHRASES: Readonly<Record<string, Phrase>> = {
  'value:z': (c, ctx) => {
    const e = observation(ctx.event);
    if (e === undefined) return undefined;
    return `${e.quantity} ${fmt(e.value)}${unitOf(e.unit)}, expected ${fmt(ctx.mean - 2 * ctx.sd)}–${fmt(ctx.mean + 2 * ctx.sd)}${unitOf(e.unit)}`;
  },
  'rate:z': (c, ctx) => {
    const e = observation(ctx.event);
    if (e === undefined || Number.isNaN(ctx.change)) return undefined;
    return `changed by ${ctx.change >= 0 ? '+' : ''}${fmt(ctx.change)}${unitOf(e.unit)} since the previous reading, normal steps within ±${fmt(2 * ctx.rateSd)}${unitOf(e.unit)}`;
  },
  'peer:z': (c, ctx) => (ctx.peers > 0 ? `${fmt(c.actual - (c.expected ?? 0))} σ away from ${ctx.peers} peer${ctx.peers === 1 ? '' : 's'} in its zone` : undefined),
  'physics:deviation': (c, ctx) => {
    const e = observation(ctx.event);
    const p = ctx.physics;
    if (e === undefined || p === undefined || Number.isNaN(p.expected)) return undefined;
    const state = (v: number): string => (v >= 0.5 ? 'on' : 'off');
    return `${p.rule.actuator} ${state(e.value)}, expected ${state(p.expected)} given ${p.rule.tank} level ${fmt(p.level)} m (on below ${p.rule.onBelow} m, off above ${p.rule.offAbove} m)`;
  },
  'hour:sin': (c, ctx) => timeOfDay(ctx),
  'hour:cos': (c, ctx) => timeOfDay(ctx),
  security: (c, ctx) => (ctx.event.type === 'security' ? `security event: ${ACTION_WORDS[ctx.event.action]?.[0] ?? ctx.event.action}` : undefined),
};

function securityPhrase(c: LiveContribution, windowMinutes: number): string | undefined {
  const words = ACTION_WORDS[c.feature.slice(4)];
  if (words === undefined || c.actual <= 0) return undefined;
  return `${fmt(c.actual)} ${c.actual === 1 ? words[0] : words[1]} in ${windowMinutes} min`;
}

/**
 * The score in words (issue 6 item 7): the contributions that pushed the
 * score up, each as what was seen against what normal operation predicts,
 * e.g. "level 4.1 m, expected 2.0–2.6 m; 3 failed logins in 60 min".
 */
export function explainLiveScore(contributions: readonly LiveContribution[], context: FeatureContext, windowMinutes: number): string {
  const parts: string[] = [];
  for (const c of contributions) {
    if (c.value <= 0) continue;
    const phrase = c.feature.startsWith('sec:') ? securityPhrase(c, windowMinutes) : PHRASES[c.feature]?.(c, context, windowMinutes);
    if (phrase !== undefined && !parts.includes(phrase)) parts.push(phrase);
  }
  const subject = `${context.event.deviceId}`;
  return parts.length === 0 ? `${subject}: no single feature stands out` : `${subject}: ${parts.join('; ')}`;
}
