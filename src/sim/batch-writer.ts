import { createRandom, type Random } from '../core/index.js';
import type { EdgeInput, NodeInput, Props, PropValue, WriteBatch } from '../graph/port.js';
import { CityGrid } from './city-grid.js';
import type { CityLayout } from './city-layout.js';
import { DEFAULT_CREDENTIALS_WEAKNESS, DEVICE_MODELS, vulnerabilityId, type DeviceModel } from './device-catalog.js';
import { SIM_DOMAINS, type SimDeviceKind, type SimDomain, type SimEdgeKind, type SimNodeKind } from './kinds.js';

const DOMAIN_SLOTS = SIM_DOMAINS.length;
const DOMAIN_SLOT = Object.fromEntries(SIM_DOMAINS.map((d, i) => [d, i])) as Readonly<Record<SimDomain, number>>;

/**
 * A device as telemetry and scenarios see it: what it is, where, and the site
 * and element it stands for (e.g. site `w0`, element `T1` for a C-Town tank's
 * level sensor). Site and element are also node props (cg:site, cg:element)
 * so that the engine, which reads the graph, knows them too; feeder and
 * gateway are edges there.
 */
export interface DeviceRecord {
  readonly id: string;
  readonly kind: SimDeviceKind;
  readonly domain: SimDomain;
  readonly zone: string;
  /** The unit the device belongs to: `w3` (water district), `int-12`, `sub-2`, `hosp-1`, `bldg-7`… */
  readonly site?: string;
  /** Its role inside the site: a C-Town element (`T1`, `PU4`, `J280`) or `signal-2`, `meter`… */
  readonly element?: string;
  readonly defaultCredentials?: boolean;
  /** The feeder it draws power from (`poweredBy`), when it has one. */
  readonly feeder?: string;
  /** The gateway it is `networkedVia`, when it has one. */
  readonly gateway?: string;
}

export interface DeviceSpec {
  readonly id: string;
  readonly kind: SimDeviceKind;
  readonly domain: SimDomain;
  readonly zone: number;
  readonly name: string;
  /** Zone whose block decides the gateway (a unit's devices share its home gateway). */
  readonly networkZone?: number;
  /** False for devices wired to their controller (pumps, valves, signals, breakers). */
  readonly networked?: boolean;
  /** Draws power from the feeder of its zone. */
  readonly powered?: boolean;
  readonly props?: Props;
  /** cg:site of the node: the unit (`w3`, `int-12`, `sub-2`, `block-4`…). */
  readonly site?: string;
  /** cg:element of the node: its C-Town/EPANET element (`T1`, `PU4`) or role in the unit. */
  readonly element?: string;
}

/**
 * Accumulates nodes and edges and hands them out as bounded {@link WriteBatch}es,
 * so a million-device city streams through without being held as objects.
 * Gateways and network segments are created on first use.
 */
export class BatchWriter {
  readonly grid: CityGrid;
  readonly rng: Random;
  private nodes: NodeInput[] = [];
  private edges: EdgeInput[] = [];
  private readonly created = new Set<string>();
  /** Gateway id per (block, domain) once created: the hot path of `device`. */
  private readonly gateways = new Map<number, string>();
  private readonly onDevice: ((record: DeviceRecord) => void) | undefined;
  private readonly limit: number;

  constructor(layout: CityLayout, onDevice?: (record: DeviceRecord) => void) {
    this.grid = new CityGrid(layout);
    this.rng = createRandom(layout.options.seed).fork('devices');
    this.onDevice = onDevice;
    this.limit = layout.options.batchSize;
  }

  node(id: string, kind: SimNodeKind, props: Props): void {
    this.nodes.push({ id, kind, props });
  }

  edge(kind: SimEdgeKind, from: string, to: string, props?: Props): void {
    this.edges.push(props === undefined ? { kind, from, to } : { kind, from, to, props });
  }

  /** Props every physical asset carries: name, domain, zone, lat/lon jittered inside the zone. */
  place(name: string, domain: SimDomain, zone: number): Record<string, PropValue> {
    const { lat, lon } = this.grid.latLon(zone, this.rng.next(), this.rng.next());
    return { name, domain, zone: this.grid.zoneId(zone), lat, lon };
  }

  /** A physical facility or group: node plus `locatedIn` its zone. */
  facility(id: string, kind: SimNodeKind, domain: SimDomain, zone: number, name: string, props: Props = {}): void {
    this.node(id, kind, { ...this.place(name, domain, zone), ...props });
    this.edge('locatedIn', id, this.grid.zoneId(zone));
  }

  /**
   * Props of a device: placement, model, site and element, extras; built without intermediate
   * objects. Gateways carry theirs too (site `block-<n>`, element their domain or `shared`):
   * cg:site/cg:element are generic, and the network block is the unit a gateway serves.
   */
  private deviceProps(spec: DeviceSpec, model: DeviceModel | undefined): Record<string, PropValue> {
    const { lat, lon } = this.grid.latLon(spec.zone, this.rng.next(), this.rng.next());
    const props: Record<string, PropValue> = { name: spec.name, domain: spec.domain, zone: this.grid.zoneId(spec.zone), lat, lon };
    if (model !== undefined) {
      props.vendor = model.vendor;
      props.model = model.model;
      props.firmwareVersion = model.firmwareVersion;
    }
    if (spec.site !== undefined) props.site = spec.site;
    if (spec.element !== undefined) props.element = spec.element;
    if (spec.props !== undefined) Object.assign(props, spec.props);
    return props;
  }

  /** A device with its model, location, network, power and knowledge edges. */
  device(spec: DeviceSpec): void {
    const models = DEVICE_MODELS[spec.kind];
    const model = models[Math.floor(this.rng.next() * models.length)] ?? models[0];
    const props = this.deviceProps(spec, model);
    if (model !== undefined) for (const cve of model.cves) this.edge('hasVulnerability', spec.id, vulnerabilityId(cve));
    this.node(spec.id, spec.kind, props);
    this.edge('locatedIn', spec.id, this.grid.zoneId(spec.zone));
    const gateway = spec.networked === false ? undefined : this.gateway(spec.domain, spec.networkZone ?? spec.zone);
    if (gateway !== undefined) this.edge('networkedVia', spec.id, gateway);
    const feeder = spec.powered === true ? this.grid.feederFor(spec.zone) : undefined;
    if (feeder !== undefined) this.edge('poweredBy', spec.id, feeder);
    const defaultCredentials = props.defaultCredentials === true;
    if (defaultCredentials) this.edge('hasWeakness', spec.id, DEFAULT_CREDENTIALS_WEAKNESS.id);
    this.onDevice?.({
      id: spec.id,
      kind: spec.kind,
      domain: spec.domain,
      zone: this.grid.zoneId(spec.zone),
      ...(spec.site === undefined ? {} : { site: spec.site }),
      ...(spec.element === undefined ? {} : { element: spec.element }),
      ...(defaultCredentials ? { defaultCredentials } : {}),
      ...(feeder === undefined ? {} : { feeder }),
      ...(gateway === undefined ? {} : { gateway }),
    });
  }

  /** The gateway serving a domain in the block of `zone`, created on first use. */
  gateway(domain: SimDomain, zone: number): string {
    const block = this.grid.block(zone);
    const key = block * DOMAIN_SLOTS + DOMAIN_SLOT[domain];
    const known = this.gateways.get(key);
    if (known !== undefined) return known;
    const id = this.grid.gatewayId(domain, block);
    this.gateways.set(key, id);
    if (this.created.has(id)) return id;
    this.created.add(id);
    const centre = this.grid.blockCentre(block);
    const shared = id.endsWith('shared');
    const segment = this.segment(shared ? 'Water' : domain, block);
    const name = shared ? `Shared traffic/water SCADA gateway, block ${block}` : `${domain} gateway, block ${block}`;
    this.device({ id, kind: 'Gateway', domain: 'Communications', zone: centre, name, networked: false, powered: true, site: `block-${block}`, element: shared ? 'shared' : domain });
    this.edge('networkedVia', id, segment);
    return id;
  }

  private segment(domain: SimDomain, block: number): string {
    const id = this.grid.segmentId(domain, block);
    if (this.created.has(id)) return id;
    this.created.add(id);
    const kind = id.endsWith('-ot') ? 'operational' : 'corporate/IoT';
    this.facility(id, 'NetworkSegment', 'Communications', this.grid.blockCentre(block), `Block ${block} ${kind} network`);
    return id;
  }

  /** Yields the pending batch when it reached the size bound (or when `force` and non-empty). */
  *flush(force = false): Generator<WriteBatch> {
    const size = this.nodes.length + this.edges.length;
    if (size === 0 || (!force && size < this.limit)) return;
    const batch: WriteBatch = { nodes: this.nodes, edges: this.edges };
    this.nodes = [];
    this.edges = [];
    yield batch;
  }
}
