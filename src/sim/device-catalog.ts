import type { SimDeviceKind } from './kinds.js';

/** A vulnerability the simulator attaches to device models (`cg:Vulnerability`). */
export interface SimVulnerability {
  readonly cveId: string;
  readonly name: string;
  readonly cvss: number;
  /** Likelihood of exploitation in [0,1] (EPSS-like), used as a risk prior. */
  readonly exploitability: number;
}

/**
 * Real CVE ids of the product families the models below stand for. CVSS base
 * scores are as published by NVD at the time of writing; exploitability is an
 * illustrative prior, not an EPSS figure. The graph marks them `source: sim`.
 */
export const SIM_VULNERABILITIES: readonly SimVulnerability[] = [
  { cveId: 'CVE-2017-7921', name: 'IP camera improper authentication', cvss: 10, exploitability: 0.9 },
  { cveId: 'CVE-2021-36260', name: 'IP camera web server command injection', cvss: 9.8, exploitability: 0.95 },
  { cveId: 'CVE-2020-15782', name: 'PLC memory protection bypass', cvss: 8.1, exploitability: 0.3 },
  { cveId: 'CVE-2022-1161', name: 'PLC program modification without authentication', cvss: 10, exploitability: 0.4 },
  { cveId: 'CVE-2018-14847', name: 'Router management service directory traversal', cvss: 9.1, exploitability: 0.85 },
  { cveId: 'CVE-2023-0452', name: 'Traffic controller hard-coded credentials', cvss: 9.8, exploitability: 0.5 },
];

/** The weakness of devices shipped and left with factory credentials (CWE-1392). */
export const DEFAULT_CREDENTIALS_WEAKNESS = {
  id: 'weakness-default-credentials',
  name: 'Use of default credentials (CWE-1392)',
} as const;

export function vulnerabilityId(cveId: string): string {
  return `vuln-${cveId}`;
}

/** A device model: vendor, model, firmware and the CVEs that model carries. */
export interface DeviceModel {
  readonly vendor: string;
  readonly model: string;
  readonly firmwareVersion: string;
  readonly cves: readonly string[];
}

const m = (vendor: string, model: string, firmwareVersion: string, cves: readonly string[] = []): DeviceModel => ({
  vendor,
  model,
  firmwareVersion,
  cves,
});

const GENERIC_SENSOR = [m('Libelium', 'Plug&Sense', '2.4.1'), m('Bosch', 'XDK-110', '3.1.0')];

/** Models per device kind; a device's model is a seeded pick from its kind's list. */
export const DEVICE_MODELS: Readonly<Record<SimDeviceKind, readonly DeviceModel[]>> = {
  Camera: [
    m('Hikvision', 'DS-2CD2142FWD', '5.4.0', ['CVE-2017-7921', 'CVE-2021-36260']),
    m('Axis', 'P1455-LE', '10.12.0'),
    m('Bosch', 'FLEXIDOME 5100i', '7.80'),
  ],
  GeomagneticSensor: [m('Nedap', 'SENSIT', '4.2'), m('Bosch', 'PLS', '1.6')],
  AirQualitySensor: [m('Aeroqual', 'AQS 1', '2.1'), m('Vaisala', 'AQT530', '1.3')],
  SmokeDetector: [m('Siemens', 'FDOOT241', '2.0'), m('Honeywell', 'ECO1003', '1.2')],
  TemperatureSensor: GENERIC_SENSOR,
  SmartMeter: [m('Landis+Gyr', 'E450', '5.2'), m('Itron', 'OpenWay Riva', '4.1')],
  RfidReader: [m('Kapsch', 'TS3306', '3.3'), m('Impinj', 'R700', '8.0')],
  FlowSensor: [m('Endress+Hauser', 'Promag W 400', '2.2')],
  LevelSensor: [m('VEGA', 'VEGAPULS 21', '1.4'), m('Endress+Hauser', 'Micropilot FMR20', '1.1')],
  PressureSensor: [m('WIKA', 'S-20', '1.0')],
  TrafficSignal: [m('Swarco', 'FUTURLUX', '1.0'), m('Siemens', 'Helios', '2.0')],
  Pump: [m('Grundfos', 'NK 150-315', '1.0'), m('Xylem', 'Flygt 3171', '1.0')],
  Valve: [m('AVK', 'Series 259', '1.0')],
  Breaker: [m('ABB', 'VD4', '1.0'), m('Schneider Electric', 'Evolis', '1.0')],
  Speaker: [m('Axis', 'C1410', '10.12.0'), m('2N', 'SIP Speaker', '2.36')],
  Drone: [m('DJI', 'Matrice 300 RTK', '04.01'), m('Parrot', 'ANAFI USA', '1.8')],
  Plc: [
    m('Siemens', 'S7-1200', '4.4', ['CVE-2020-15782']),
    m('Rockwell Automation', 'ControlLogix 5580', '33.011', ['CVE-2022-1161']),
    m('Schneider Electric', 'Modicon M340', '3.40'),
  ],
  Rtu: [
    m('Econolite', 'EOS ASC/3', '3.0.3', ['CVE-2023-0452']),
    m('Schneider Electric', 'SCADAPack 470', '9.8'),
    m('Siemens', 'SICAM A8000', '5.20'),
  ],
  Gateway: [m('MikroTik', 'RB4011', '6.40.7', ['CVE-2018-14847']), m('Cisco', 'IR1101', '17.9.4'), m('Moxa', 'OnCell G3150A', '1.6')],
};
