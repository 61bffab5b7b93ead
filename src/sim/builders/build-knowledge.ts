import type { WriteBatch } from '../../graph/port.js';
import type { BatchWriter } from '../batch-writer.js';
import { DEFAULT_CREDENTIALS_WEAKNESS, SIM_VULNERABILITIES, vulnerabilityId } from '../device-catalog.js';

/** Vulnerability and Weakness nodes (cg:Knowledge) that device models point to. */
export function* buildKnowledge(w: BatchWriter): Generator<WriteBatch> {
  for (const v of SIM_VULNERABILITIES) {
    w.node(vulnerabilityId(v.cveId), 'Vulnerability', {
      name: `${v.cveId}: ${v.name}`,
      cveId: v.cveId,
      cvss: v.cvss,
      exploitability: v.exploitability,
      source: 'sim',
    });
  }
  w.node(DEFAULT_CREDENTIALS_WEAKNESS.id, 'Weakness', { name: DEFAULT_CREDENTIALS_WEAKNESS.name, source: 'sim' });
  yield* w.flush();
}

/** One Zone node per 200 m × 200 m cell, with the cell centre. */
export function* buildZones(w: BatchWriter): Generator<WriteBatch> {
  const { zoneCount, gridSide } = w.grid.layout;
  for (let zone = 0; zone < zoneCount; zone++) {
    const { lat, lon } = w.grid.latLon(zone);
    const row = Math.floor(zone / gridSide);
    w.node(w.grid.zoneId(zone), 'Zone', { name: `Zone ${row}/${zone % gridSide}`, lat, lon });
    yield* w.flush();
  }
}
