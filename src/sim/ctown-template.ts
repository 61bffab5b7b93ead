/**
 * The C-Town water network (Ostfeld et al. 2012; BATADAL, Taormina et al. 2018)
 * as the template of one water district. Transcribed from fixtures/ctown/
 * (DHALSIM `examples/ctown_topology`, MIT); `ctown-template.test.ts` checks
 * this file against those fixtures line by line.
 */

export interface CtownTank {
  readonly id: string;
  readonly initLevel: number;
  readonly maxLevel: number;
  readonly diameter: number;
}

export interface CtownControl {
  readonly actuator: string;
  readonly status: 'OPEN' | 'CLOSED';
  readonly tank: string;
  readonly comparison: 'BELOW' | 'ABOVE';
  readonly threshold: number;
}

export interface CtownPlc {
  readonly name: string;
  readonly sensors: readonly string[];
  readonly actuators: readonly string[];
}

/** fixtures/ctown/ctown_tanks.csv (levels and diameter in m). */
export const CTOWN_TANKS: readonly CtownTank[] = [
  { id: 'T1', initLevel: 3, maxLevel: 6.5, diameter: 31.3 },
  { id: 'T2', initLevel: 0.5, maxLevel: 5.9, diameter: 20.78 },
  { id: 'T3', initLevel: 3, maxLevel: 6.75, diameter: 13.73 },
  { id: 'T4', initLevel: 2.5, maxLevel: 4.7, diameter: 11.64 },
  { id: 'T5', initLevel: 1, maxLevel: 4.5, diameter: 11.89 },
  { id: 'T6', initLevel: 5.2, maxLevel: 5.5, diameter: 8.33 },
  { id: 'T7', initLevel: 2.5, maxLevel: 5, diameter: 7.14 },
];

/** fixtures/ctown/ctown_pumps.csv (ids only; head curves are not simulated). */
export const CTOWN_PUMPS: readonly string[] = ['PU1', 'PU2', 'PU3', 'PU4', 'PU5', 'PU6', 'PU7', 'PU8', 'PU9', 'PU10', 'PU11'];

/** fixtures/ctown/ctown_valves.csv: V2 is the PLC-controlled TCV, the others are PRVs. */
export const CTOWN_VALVES: readonly string[] = ['v1', 'V45', 'V47', 'V2'];

/** fixtures/ctown/ctown_controls.csv: the 20 level rules of the EPANET model. */
export const CTOWN_CONTROLS: readonly CtownControl[] = [
  { actuator: 'PU1', status: 'OPEN', tank: 'T1', comparison: 'BELOW', threshold: 4 },
  { actuator: 'PU1', status: 'CLOSED', tank: 'T1', comparison: 'ABOVE', threshold: 6.3 },
  { actuator: 'PU2', status: 'OPEN', tank: 'T1', comparison: 'BELOW', threshold: 1 },
  { actuator: 'PU2', status: 'CLOSED', tank: 'T1', comparison: 'ABOVE', threshold: 4.5 },
  { actuator: 'V2', status: 'OPEN', tank: 'T2', comparison: 'BELOW', threshold: 0.5 },
  { actuator: 'V2', status: 'CLOSED', tank: 'T2', comparison: 'ABOVE', threshold: 5.5 },
  { actuator: 'PU4', status: 'OPEN', tank: 'T3', comparison: 'BELOW', threshold: 3 },
  { actuator: 'PU4', status: 'CLOSED', tank: 'T3', comparison: 'ABOVE', threshold: 5.3 },
  { actuator: 'PU5', status: 'OPEN', tank: 'T3', comparison: 'BELOW', threshold: 1 },
  { actuator: 'PU5', status: 'CLOSED', tank: 'T3', comparison: 'ABOVE', threshold: 3.5 },
  { actuator: 'PU6', status: 'OPEN', tank: 'T4', comparison: 'BELOW', threshold: 2 },
  { actuator: 'PU6', status: 'CLOSED', tank: 'T4', comparison: 'ABOVE', threshold: 3.5 },
  { actuator: 'PU7', status: 'OPEN', tank: 'T4', comparison: 'BELOW', threshold: 3 },
  { actuator: 'PU7', status: 'CLOSED', tank: 'T4', comparison: 'ABOVE', threshold: 4.5 },
  { actuator: 'PU8', status: 'OPEN', tank: 'T5', comparison: 'BELOW', threshold: 1.5 },
  { actuator: 'PU8', status: 'CLOSED', tank: 'T5', comparison: 'ABOVE', threshold: 4.5 },
  { actuator: 'PU10', status: 'OPEN', tank: 'T7', comparison: 'BELOW', threshold: 2.5 },
  { actuator: 'PU10', status: 'CLOSED', tank: 'T7', comparison: 'ABOVE', threshold: 4.8 },
  { actuator: 'PU11', status: 'OPEN', tank: 'T7', comparison: 'BELOW', threshold: 1 },
  { actuator: 'PU11', status: 'CLOSED', tank: 'T7', comparison: 'ABOVE', threshold: 3 },
];

/** fixtures/ctown/ctown_plcs.json: each PLC's sensors (DHALSIM names) and actuators. */
export const CTOWN_PLCS: readonly CtownPlc[] = [
  { name: 'PLC1', sensors: ['PU1F', 'PU2F', 'J280', 'J269'], actuators: ['PU1', 'PU2'] },
  { name: 'PLC2', sensors: ['T1'], actuators: [] },
  {
    name: 'PLC3',
    sensors: ['T2', 'V2F', 'J300', 'J256', 'J289', 'J415', 'J14', 'J422', 'PU4F', 'PU5F', 'PU6F', 'PU7F'],
    actuators: ['V2', 'PU4', 'PU5', 'PU6', 'PU7'],
  },
  { name: 'PLC4', sensors: ['T3'], actuators: [] },
  { name: 'PLC5', sensors: ['PU8F', 'PU10F', 'PU11F', 'J302', 'J306', 'J307', 'J317'], actuators: ['PU8', 'PU10', 'PU11'] },
  { name: 'PLC6', sensors: ['T4'], actuators: [] },
  { name: 'PLC7', sensors: ['T5'], actuators: [] },
  { name: 'PLC8', sensors: ['T6'], actuators: [] },
  { name: 'PLC9', sensors: ['T7'], actuators: [] },
];

/** fixtures/ctown/batadal_scada_tags.csv `attached_to`: the pump or valve each junction pressure watches. */
export const CTOWN_PRESSURE_ATTACHMENT: Readonly<Record<string, string>> = {
  J280: 'PU2',
  J269: 'PU2',
  J300: 'PU5',
  J256: 'PU5',
  J289: 'PU6',
  J415: 'PU6',
  J302: 'PU9',
  J306: 'PU9',
  J307: 'PU10',
  J317: 'PU10',
  J14: 'V2',
  J422: 'V2',
};

/**
 * Pumping stations of C-Town (five stations, eleven pumps; Ostfeld et al. 2012)
 * and the tank each fills. Station membership follows the control rules (pumps
 * switched by the same tank) and the shared suction junction of PU1–PU3 (J280,
 * ctown_tank_links.csv); PU9 joins PU8's station as in the BATADAL description.
 * Station S1 draws from reservoir R1 (pipe P316); the others from the network
 * below T1, which the district models as `suppliedBy T1`. Assumptions of this
 * project, not in the fixtures: T2 is filled through valve V2 (its control rule),
 * and T6, which no rule names, is modelled as fed by station S4.
 */
export const CTOWN_STATIONS: readonly { readonly id: string; readonly pumps: readonly string[]; readonly fills: string }[] = [
  { id: 'S1', pumps: ['PU1', 'PU2', 'PU3'], fills: 'T1' },
  { id: 'S2', pumps: ['PU4', 'PU5'], fills: 'T3' },
  { id: 'S3', pumps: ['PU6', 'PU7'], fills: 'T4' },
  { id: 'S4', pumps: ['PU8', 'PU9'], fills: 'T5' },
  { id: 'S5', pumps: ['PU10', 'PU11'], fills: 'T7' },
];

/** BATADAL tag of a DHALSIM sensor name: `T1` → `L_T1`, `PU1F` → `F_PU1`, `J280` → `P_J280`. */
export function ctownTag(sensor: string): string {
  if (sensor.startsWith('T')) return `L_${sensor}`;
  if (sensor.endsWith('F')) return `F_${sensor.slice(0, -1)}`;
  return `P_${sensor}`;
}
