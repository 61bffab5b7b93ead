/**
 * The Page–Hinkley test (Page 1954; Hinkley 1971), two-sided, for a change in
 * the mean of a sensor's stream: with running mean x̄_t,
 *   m_t = Σ (x_i − x̄_i − δ),  M_t = min m_t   (upward change when m_t − M_t > λ)
 *   u_t = Σ (x_i − x̄_i + δ),  U_t = max u_t   (downward change when U_t − u_t > λ)
 * δ is the tolerated drift per step and λ the alarm threshold.
 */
export interface PageHinkleyParams {
  readonly delta: number;
  readonly lambda: number;
  /** Observations before an alarm may fire. */
  readonly minSamples: number;
}

export interface PageHinkleyState {
  count: number;
  mean: number;
  up: number;
  upMin: number;
  down: number;
  downMax: number;
}

export function createPageHinkley(): PageHinkleyState {
  return { count: 0, mean: 0, up: 0, upMin: 0, down: 0, downMax: 0 };
}

/** Adds x; returns 'up', 'down' or undefined, and resets the test after an alarm. */
export function updatePageHinkley(state: PageHinkleyState, x: number, params: PageHinkleyParams): 'up' | 'down' | undefined {
  state.count += 1;
  state.mean += (x - state.mean) / state.count;
  state.up += x - state.mean - params.delta;
  state.upMin = Math.min(state.upMin, state.up);
  state.down += x - state.mean + params.delta;
  state.downMax = Math.max(state.downMax, state.down);
  if (state.count < params.minSamples) return undefined;
  const change = state.up - state.upMin > params.lambda ? 'up' : state.downMax - state.down > params.lambda ? 'down' : undefined;
  if (change) Object.assign(state, createPageHinkley());
  return change;
}
