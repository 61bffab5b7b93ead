/**
 * What the live loop consumes: a normalised simulator-shaped event
 * (cg:Observation or cg:SecurityEvent, DESIGN.md §3) with the loop guard of
 * DESIGN.md §1 ("feedback" never feeds back as evidence).
 */
import type { SimEvent } from '../sim/index.js';

export interface LiveEvent {
  readonly event: SimEvent;
  /** Id of the decision whose action produced this event: stored, never scored (loop guard). */
  readonly derivedFromDecision?: string;
  /** ATT&CK technique ids the source attached (CEF `cs1`, JSON `techniques`). */
  readonly techniques?: readonly string[];
}

/** Kind and domain of a device, for payloads (SenML, CEF) that do not carry them. */
export interface DeviceInfo {
  readonly kind: string;
  readonly domain: string;
  /** Gateway or zone that correlated events share: the partition key (docs/SCALING.md). */
  readonly group?: string;
  /** The zone the device is located in (peer deviation of the scorer). */
  readonly zone?: string;
}

export type DeviceDirectory = (deviceId: string) => DeviceInfo | undefined;
