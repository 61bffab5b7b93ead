import { describe, expect, it } from 'vitest';
import type { NodeInput } from '../graph/port.js';
import { generateCity, indexCity, SHARED_GATEWAY_ID } from './index.js';

const city = generateCity({ devices: 2500, seed: 3 });
const nodes = new Map<string, NodeInput>();
for (const batch of city.batches()) for (const node of batch.nodes ?? []) nodes.set(node.id, node);
const records = indexCity(city).devices;

const placeOf = (id: string): readonly unknown[] => [nodes.get(id)?.props?.site, nodes.get(id)?.props?.element];

describe('BatchWriter site and element (cg:site, cg:element)', () => {
  it('writes a device record\'s site and element as node props, for exactly the devices that have them', () => {
    const mismatched = records.filter((r) => {
      const props = nodes.get(r.id)?.props ?? {};
      return props.site !== r.site || props.element !== r.element;
    });
    expect(mismatched.map((r) => r.id)).toEqual([]);
    const deviceIds = new Set(records.map((r) => r.id));
    const placedNonDevices = [...nodes.values()].filter((n) => !deviceIds.has(n.id) && (n.props?.site !== undefined || n.props?.element !== undefined));
    expect(placedNonDevices.map((n) => n.id)).toEqual([]);
  });

  it('places C-Town devices by district and EPANET element, gateways by network block, and leaves free-standing devices without', () => {
    expect(placeOf('w0-PU4')).toEqual(['w0', 'PU4']);
    expect(placeOf('w0-L_T3')).toEqual(['w0', 'T3']);
    expect(placeOf('w0-PLC3')).toEqual(['w0', 'PLC3']);
    expect(placeOf('w0-V2')).toEqual(['w0', 'V2']);
    expect(placeOf(SHARED_GATEWAY_ID)).toEqual([records.find((r) => r.id === SHARED_GATEWAY_ID)?.site, 'shared']);
    expect(placeOf('cam-0')).toEqual([undefined, undefined]);
    const kinds = (has: boolean): string[] => [...new Set(records.filter((r) => (r.site !== undefined) === has).map((r) => r.kind))].sort();
    expect(kinds(false)).toEqual(['AirQualitySensor', 'Camera', 'Drone', 'GeomagneticSensor', 'RfidReader', 'SmartMeter', 'SmokeDetector', 'Speaker', 'TemperatureSensor']);
  });
});
