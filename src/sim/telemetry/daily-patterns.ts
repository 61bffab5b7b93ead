/**
 * Daily shapes of city quantities, as functions of the hour of day (0–24).
 * Shapes follow the usual urban curves: two commuter peaks for traffic
 * (08:00, 17:30), air pollution trailing traffic by an hour, residential load
 * peaking morning and evening, temperature peaking mid-afternoon.
 */
function bump(hour: number, centre: number, width: number): number {
  const d = Math.min(Math.abs(hour - centre), 24 - Math.abs(hour - centre));
  return Math.exp(-(d * d) / (2 * width * width));
}

/** Traffic intensity in [0.1, ~1]. */
export function trafficProfile(hour: number): number {
  return 0.1 + 0.8 * bump(hour, 8, 1.2) + 0.85 * bump(hour, 17.5, 1.5) + 0.35 * bump(hour, 13, 3);
}

/** Residential electrical load factor in [0.3, ~1.2]. */
export function loadProfile(hour: number): number {
  return 0.3 + 0.5 * bump(hour, 7.5, 1.5) + 0.7 * bump(hour, 19.5, 2) + 0.2 * bump(hour, 13, 3);
}

/** Water demand factor (mean ≈ 1 over a day). */
export function demandProfile(hour: number): number {
  return 0.55 + 0.9 * bump(hour, 7, 1.5) + 0.7 * bump(hour, 19, 2);
}

/** Air temperature in °C. */
export function temperatureProfile(hour: number): number {
  return 12 + 5 * Math.sin((2 * Math.PI * (hour - 9)) / 24);
}

/** PM2.5 in µg/m³: background plus traffic an hour earlier. */
export function pm25Profile(hour: number): number {
  return 8 + 18 * trafficProfile((hour + 23) % 24);
}
