/**
 * SCADA tag-table adapter (CSV with the columns of schema.ts). Node ids are
 * `<system>:<tag or element>`, where the system prefix defaults to the file's
 * base name and can be set per run (`ctown` for BATADAL).
 */
import type { EdgeInput, NodeInput } from '../../../graph/port.js';
import { cleanProps, mapped, rejected } from '../../record-helpers.js';
import type { AdapterInput, AdapterItem, SourceAdapter } from '../../types.js';
import { csvRows } from '../csv/adapter.js';
import { ELEMENT_KINDS, QUANTITY_SENSOR_KINDS, SCADA_DOMAIN, STATUS_QUANTITIES } from './mapping.js';
import { missingColumn, type ScadaRow } from './schema.js';

export interface ScadaAdapterOptions {
  /** Id prefix naming the control system, e.g. `ctown`. */
  readonly system: string;
}

function elementNode(system: string, id: string, type: string): NodeInput | undefined {
  const kind = ELEMENT_KINDS[type];
  return kind ? { id: `${system}:${id}`, kind, props: { name: id, domain: SCADA_DOMAIN } } : undefined;
}

function plcParts(system: string, from: string, plc: string): { node?: NodeInput; edge?: EdgeInput } {
  if (!plc) return {};
  const id = `${system}:${plc}`;
  return { node: { id, kind: 'Plc', props: { name: plc, domain: SCADA_DOMAIN } }, edge: { kind: 'controlledBy', from, to: id } };
}

function mapRow(row: ScadaRow, index: number, system: string, location: { source: string; line: number }): AdapterItem {
  const missing = missingColumn(row);
  if (missing) return rejected(index, 'CG_INGEST_RECORD_INVALID', `tag row has no ${missing}`, { ...location, field: missing }, row);
  const quantity = row.quantity.trim();
  const element = elementNode(system, row.element.trim(), row.element_type.trim());
  const isStatus = STATUS_QUANTITIES.has(quantity);
  const sensorKind = QUANTITY_SENSOR_KINDS[quantity];
  if (isStatus && !element) return rejected(index, 'CG_INGEST_TYPE_UNMAPPED', `status tag on element type ${row.element_type} has no actuator kind`, { ...location, field: 'element_type' }, row);
  if (!isStatus && !sensorKind) return rejected(index, 'CG_INGEST_TYPE_UNMAPPED', `no sensor kind for quantity ${quantity}`, { ...location, field: 'quantity' }, row);
  const mainId = isStatus && element ? element.id : `${system}:${row.tag.trim()}`;
  const common = { domain: SCADA_DOMAIN, unit: row.unit || undefined, x_tag: row.tag.trim(), x_quantity: quantity, x_element: row.element.trim(), x_attachedTo: row.attached_to || undefined };
  const main: NodeInput = { id: mainId, kind: isStatus && element ? element.kind : (sensorKind as string), props: cleanProps({ name: isStatus ? row.element.trim() : row.tag.trim(), ...common }) };
  const plc = plcParts(system, mainId, row.reported_by_plc.trim());
  const edges: EdgeInput[] = plc.edge ? [plc.edge] : [];
  const ensure: NodeInput[] = plc.node ? [plc.node] : [];
  if (!isStatus && element) {
    ensure.push(element);
    edges.push({ kind: 'monitoredBy', from: element.id, to: mainId });
  }
  const attached = /^([A-Za-z0-9_]+):/.exec(row.attached_to ?? '')?.[1];
  if (!isStatus && attached) {
    const pump = elementNode(system, attached, attached.startsWith('PU') ? 'pump' : 'valve');
    if (pump) {
      ensure.push(pump);
      edges.push({ kind: 'monitoredBy', from: pump.id, to: mainId });
    }
  }
  return mapped(index, { nodes: [main], ensureNodes: ensure, edges });
}

export const scadaAdapter: SourceAdapter<ScadaAdapterOptions> = {
  format: 'scada',
  async *read(input: AdapterInput, options: ScadaAdapterOptions): AsyncIterable<AdapterItem> {
    let index = 0;
    for await (const row of csvRows(input.text, ',', input.source)) {
      if ('skip' in row) {
        yield row.skip;
        index += 1;
        continue;
      }
      yield mapRow(row.record as ScadaRow, index, options.system, { source: input.source, line: row.info.lines });
      index += 1;
    }
  },
};
