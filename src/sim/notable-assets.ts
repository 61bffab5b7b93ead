import { CityGrid, SHARED_GATEWAY_ID } from './city-grid.js';
import type { CityLayout } from './city-layout.js';
import { CTOWN_PLCS, CTOWN_STATIONS, CTOWN_TANKS } from './ctown-template.js';

/**
 * Ids of the assets the scenarios, the demo and the tests name. All follow
 * from the layout (ids are formulaic), so they are known before streaming.
 */
export interface NotableAssets {
  readonly sharedGateway: string;
  /** Block of the shared gateway: water district 0's home and intersection 0. */
  readonly sharedBlock: number;
  readonly substations: readonly string[];
  readonly hospitals: readonly string[];
  readonly hospitalServices: readonly string[];
  readonly controlCenters: readonly string[];
  /** The C-Town district 0 (`w0-`) behind the shared gateway. */
  readonly ctownPlcs: readonly string[];
  readonly ctownTanks: readonly string[];
  readonly ctownPumpingStations: readonly string[];
  readonly waterServices: readonly string[];
  readonly trafficServices: readonly string[];
  readonly dispatchServices: readonly string[];
  readonly airQualityServices: readonly string[];
  readonly weaknessDefaultCredentials: string;
}

const range = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));

export function notableAssets(layout: CityLayout): NotableAssets {
  const grid = new CityGrid(layout);
  return {
    sharedGateway: SHARED_GATEWAY_ID,
    sharedBlock: grid.sharedBlock(),
    substations: range(layout.substations, (s) => `sub-${s}`),
    hospitals: range(layout.hospitals, (h) => `hosp-${h}`),
    hospitalServices: range(layout.hospitals, (h) => `svc-hospital-${h}`),
    controlCenters: range(layout.controlCenters, (c) => `cc-${c}`),
    ctownPlcs: CTOWN_PLCS.map((plc) => `w0-${plc.name}`),
    ctownTanks: CTOWN_TANKS.map((tank) => `w0-${tank.id}`),
    ctownPumpingStations: CTOWN_STATIONS.map((station) => `w0-${station.id}`),
    waterServices: range(layout.waterDistricts, (d) => `svc-water-${d}`),
    trafficServices: range(layout.corridors, (c) => `svc-traffic-${c}`),
    dispatchServices: range(layout.controlCenters, (c) => `svc-dispatch-${c}`),
    airQualityServices: range(layout.airQualityServices, (k) => `svc-air-${k}`),
    weaknessDefaultCredentials: 'weakness-default-credentials',
  };
}
