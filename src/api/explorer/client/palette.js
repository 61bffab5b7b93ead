// Colours: fill by city domain (Okabe–Ito-based, colour-blind safe), ring by risk.

export const DOMAIN_COLOURS = {
  Energy: '#E69F00',
  Water: '#0072B2',
  Transportation: '#56B4E9',
  Environment: '#009E73',
  PublicSafety: '#D55E00',
  Health: '#CC79A7',
  Communications: '#8C6BB1',
  Buildings: '#A6761D',
  Other: '#8A94A6',
};

export function domainColour(domain) {
  return DOMAIN_COLOURS[domain] ?? DOMAIN_COLOURS.Other;
}

/** Yellow (low) → red (high) for a risk in [0, 1]. */
export function riskColour(risk) {
  const r = Math.max(0, Math.min(1, risk));
  const hue = 50 - 50 * r;
  return `hsl(${hue.toFixed(0)}, 95%, ${(58 - 14 * r).toFixed(0)}%)`;
}

export function formatRisk(risk) {
  return risk >= 0.995 ? '1.00' : risk.toFixed(2);
}
