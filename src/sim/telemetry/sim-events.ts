import type { SimDeviceKind, SimDomain } from '../kinds.js';

/** A reading (cg:Observation, sosa:Observation) made by a device. */
export interface ObservationEvent {
  readonly type: 'observation';
  readonly id: string;
  /** ISO 8601 UTC. */
  readonly time: string;
  readonly deviceId: string;
  readonly kind: SimDeviceKind;
  readonly domain: SimDomain;
  readonly quantity: string;
  readonly value: number;
  readonly unit: string;
}

/** Security counters a device or its gateway reports (cg:SecurityEvent). */
export type SecurityAction =
  | 'failedLogin'
  | 'successfulLogin'
  | 'newPeer'
  | 'firmwareChange'
  | 'configChange'
  | 'commandWrite'
  | 'fileEncryption'
  | 'serviceStop';

export const SECURITY_ACTIONS: readonly SecurityAction[] = [
  'failedLogin',
  'successfulLogin',
  'newPeer',
  'firmwareChange',
  'configChange',
  'commandWrite',
  'fileEncryption',
  'serviceStop',
];

export interface SecurityEvent {
  readonly type: 'security';
  readonly id: string;
  readonly time: string;
  readonly deviceId: string;
  readonly kind: SimDeviceKind;
  readonly domain: SimDomain;
  readonly action: SecurityAction;
  /** How many times in the reporting interval (failed logins in a burst, peers seen…). */
  readonly count: number;
  /** Remote address involved (new peer, login source), when there is one. */
  readonly peer?: string;
}

export type SimEvent = ObservationEvent | SecurityEvent;

/** Ground-truth class of an event: attacker action/falsified data, physical consequence, or a fault. */
export type EventLabel = 'malicious' | 'consequence' | 'fault';

export interface LabelledEvent {
  readonly event: SimEvent;
  /** Absent for normal events. */
  readonly label?: { readonly label: EventLabel; readonly stage: string };
}
