import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CTOWN_CONTROLS, CTOWN_PLCS, CTOWN_PRESSURE_ATTACHMENT, CTOWN_PUMPS, CTOWN_TANKS, CTOWN_VALVES } from './ctown-template.js';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../../fixtures/ctown/${name}`, import.meta.url)), 'utf8');

function rows(name: string): Record<string, string>[] {
  const [header, ...lines] = fixture(name).trim().split('\n');
  const keys = (header ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [keys[i] ?? '', v])));
}

describe('C-Town template agrees with fixtures/ctown', () => {
  it('tanks', () => {
    expect(CTOWN_TANKS).toEqual(
      rows('ctown_tanks.csv').map((r) => ({ id: r.id, initLevel: Number(r.init_level_m), maxLevel: Number(r.max_level_m), diameter: Number(r.diameter_m) })),
    );
  });

  it('pumps and valves', () => {
    expect(CTOWN_PUMPS).toEqual(rows('ctown_pumps.csv').map((r) => r.id));
    expect(CTOWN_VALVES).toEqual(rows('ctown_valves.csv').map((r) => r.id));
  });

  it('control rules', () => {
    expect(CTOWN_CONTROLS).toEqual(
      rows('ctown_controls.csv').map((r) => ({ actuator: r.actuator, status: r.set_status, tank: r.sensor_node, comparison: r.comparison, threshold: Number(r.threshold_m) })),
    );
  });

  it('PLCs', () => {
    expect(CTOWN_PLCS).toEqual(JSON.parse(fixture('ctown_plcs.json')));
  });

  it('pressure attachments', () => {
    const attached = rows('batadal_scada_tags.csv').filter((r) => r.element_type === 'junction');
    expect(CTOWN_PRESSURE_ATTACHMENT).toEqual(Object.fromEntries(attached.map((r) => [r.element, (r.attached_to ?? '').split(':')[0]])));
  });
});
