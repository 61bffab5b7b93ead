import type { AlertSeverity, LiveAlert, LiveIncident } from '../../pipeline/live-feed.js';

/** A camera alert of the test city (cam-0), minute `i` of 2026-01-05 02:00 UTC. */
export function testAlert(i: number, severity: AlertSeverity, deviceId = 'cam-0'): LiveAlert {
  return {
    id: `alert-${i}`,
    eventId: `event-${i}`,
    time: `2026-01-05T02:${String(i).padStart(2, '0')}:00.000Z`,
    deviceId,
    deviceKind: 'Camera',
    domain: 'PublicSafety',
    severity,
    score: 0.9,
    probability: 0.8,
    contributions: [{ feature: 'loginFailures', value: 1.2, actual: 7, expected: 0.1 }],
    explanation: '7 failed logins in 5 min',
    incidentId: 'incident-1',
    modelVersion: 'model-1',
  };
}

/** Incident 1 over `alertIds` on cam-0. */
export function testIncident(alertIds: readonly string[]): LiveIncident {
  return {
    id: 'incident-1',
    opened: '2026-01-05T02:00:00.000Z',
    updated: '2026-01-05T02:05:00.000Z',
    alertIds,
    deviceIds: ['cam-0'],
    domains: ['PublicSafety'],
    links: [],
    probability: 0.8,
    severity: 'HIGH',
    decisionIds: [],
  };
}
