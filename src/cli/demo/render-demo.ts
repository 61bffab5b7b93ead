import { renderSimDetectionTable } from '../../scoring/index.js';
import { formatList, formatTable } from '../format-table.js';
import type { DemoReport } from './demo-report.js';

function section(title: string): string {
  return `\n${title}\n${'═'.repeat(title.length)}`;
}

function renderCity(report: DemoReport): string[] {
  const domains = Object.entries(report.domains).sort(([, a], [, b]) => b - a);
  const edgeKinds = Object.entries(report.edgeKinds).sort(([, a], [, b]) => b - a);
  return [
    section('City'),
    `  ${report.devices.toLocaleString('en-US')} devices, ${report.nodes.toLocaleString('en-US')} nodes and ` +
      `${report.edges.toLocaleString('en-US')} edges (seed ${report.seed}) in ${report.store.description}`,
    '',
    formatTable(['Domain', 'Devices'], domains),
    '',
    formatTable(['Edge kind', 'Edges'], edgeKinds),
    '',
    `  Real-format sample: ${report.ingest.source} (${report.ingest.format}): ${report.ingest.accepted} records accepted, ` +
      `${report.ingest.rejected} rejected; ${report.ingest.nodesWritten} nodes and ${report.ingest.edgesWritten} edges written`,
    `  Projection: ${report.projection.nodes.toLocaleString('en-US')} nodes, ${report.projection.edges.toLocaleString('en-US')} edges, ` +
      `${report.projection.topologyBytesPerEdge} bytes of topology per edge`,
  ];
}

function renderScenario(report: DemoReport): string[] {
  const s = report.scenario;
  const stages = s.stages.map((stage) => [
    stage.start.slice(11, 16),
    stage.name,
    stage.domains.join(', '),
    stage.techniques.join(' '),
  ]);
  return [
    section(`Scenario: ${s.name} (${s.kind})`),
    `  ${s.description}`,
    `  ${s.events.toLocaleString('en-US')} events replayed, ${s.maliciousEvents.toLocaleString('en-US')} of them malicious, ` +
      `${s.start.slice(0, 16)} → ${s.end.slice(0, 16)} UTC`,
    '',
    formatTable(['Time', 'Stage', 'Domains', 'ATT&CK techniques'], stages),
    '',
    `  Domains involved:   ${s.domains.join(', ')}`,
    `  Attacked assets:    ${formatList(s.attackedAssets)}`,
    `  Services at stake:  ${formatList(s.impactedServices)}`,
  ];
}

function percent(value: number): string {
  return `${(value * 100).toFixed(value >= 0.1 ? 0 : 1)}%`;
}

function renderPath(path: DemoReport['paths'][number], rank: number): string[] {
  const width = Math.max(...path.edges.map((hop) => hop.from.length + hop.to.length));
  const hops = path.edges.map((hop) => {
    const step = `${hop.from} → ${hop.to}`.padEnd(width + 3);
    const because = hop.against ? `${hop.to} ${hop.kind} ${hop.from}` : `${hop.from} ${hop.kind} ${hop.to}`;
    return `      ${step}  ${percent(hop.probability).padStart(4)}  ${hop.channel.padEnd(12)} because ${because}`;
  });
  return [
    `  ${rank}. ${percent(path.probability)} within ${path.delayHours} h, crossing ${path.domains.join(' → ')}`,
    ...hops,
  ];
}

function renderRisk(report: DemoReport): string[] {
  const blast = report.blastRadius;
  const services = blast.services.map((service) => [
    service.id,
    service.domain ?? '',
    percent(service.probability),
    service.timeToImpactHours === null ? '' : `${service.timeToImpactHours} h`,
    service.peopleServed ?? 0,
  ]);
  // The five most probable, and the most probable of those crossing three or more domains.
  const top = report.paths.slice(0, 5);
  const wide = report.paths.find((path) => path.domains.length >= 3);
  if (wide && !top.includes(wide)) top.push(wide);
  return [
    section('Risk: how the harm travels'),
    `  Evidence: the scenario's ${blast.sources.length} attacked assets, taken as confirmed.`,
    `  Most probable propagation paths from the foothold (${formatList(report.foothold)}) to the services at stake` +
      ` and to every hospital (${report.paths.length} found; the top five and the most probable across three domains):`,
    '',
    ...top.flatMap((path, i) => renderPath(path, i + 1)),
    '',
    `  Blast radius: ${blast.servicesAffected} services, ${blast.facilitiesAffected} facilities and ` +
      `${blast.assetsAffected.toLocaleString('en-US')} assets at risk; ${blast.peopleAffected.toLocaleString('en-US')} people ` +
      `expected to lose a service`,
    '',
    formatTable(['Service', 'Domain', 'P(loss)', 'Within', 'People served'], services),
  ];
}

/** The explanation without its long tail of rejected alternatives (all of them are in --json). */
function condense(text: string): string[] {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const rejected = lines.filter((line) => line.startsWith('Rejected:'));
  const kept = lines.filter((line) => !line.startsWith('Rejected:'));
  const at = kept.findIndex((line) => line.startsWith('Expected:'));
  const note = `${rejected.length} alternatives rejected, each with its reason (see demo --json).`;
  if (rejected.length > 0) kept.splice(at === -1 ? kept.length : at, 0, note);
  return kept;
}

function renderDetection(report: DemoReport): string[] {
  const d = report.detection;
  return [
    section('Detection'),
    `  Live scorer (model ${d.model}) and graph correlation over every scenario, ${d.devices}-device cities, seeds ${d.seeds.join(', ')}:`,
    '',
    ...renderSimDetectionTable(d.rows)
      .trimEnd()
      .split('\n')
      .map((line) => (line === '' ? '' : `  ${line}`)),
  ];
}

function renderDecisions(report: DemoReport, explanations: readonly string[]): string[] {
  const m = report.mitigation;
  const rows = [
    ['Our selection (automatic actions)', percent(m.availability), percent(m.riskReduction)],
    ['… if the actions held for approval are approved', percent(m.availabilityIfApproved), percent(m.riskReductionIfApproved)],
    ['Static protocol: isolate every flagged device', percent(m.staticAvailability), percent(m.staticRiskReduction)],
  ];
  return [
    section('Decisions'),
    ...explanations.flatMap((text) => condense(text).map((line) => `  ${line}`)),
    '',
    formatTable(['Response', 'Critical services available', 'Risk reduction'], rows),
  ];
}

function renderLoop(report: DemoReport): string[] {
  const l = report.loop;
  // The latest decision of each incident: what stands once the incident stopped growing.
  const latest = [...new Map(l.decisions.map((d) => [d.incident, d])).values()];
  return [
    section('Live loop'),
    `  The scenario's ${l.events.toLocaleString('en-US')} events through the loop \`civgraph serve --mqtt\` runs (live scorer ${l.model}, no ground truth):`,
    `  ${l.quiet.toLocaleString('en-US')} quiet, ${l.alerts} alerts, ${l.incidents.length} open incident(s), ${l.decisions.length} decision(s) as incidents opened or grew.`,
    ...l.incidents.slice(0, 4).map((i) => `  Incident ${i.id}: ${i.severity}, ${i.devices} device(s), ${i.domains.join(' + ')}`),
    '  Latest decision per incident (every one is in demo --json and the decision log; civgraph explain ID):',
    ...latest.map((d) => `  ${d.time.slice(11, 16)} ${d.id} (${d.incident}): ${d.chosen.length === 0 ? 'no action' : d.chosen.join(', ')}${d.pendingApproval.length === 0 ? '' : `; awaiting approval: ${d.pendingApproval.join(', ')}`}`),
  ];
}

function renderTimings(report: DemoReport): string[] {
  const parts = Object.entries(report.timings).map(([stage, ms]) => `${stage.replace(/Ms$/, '')} ${(ms / 1000).toFixed(2)} s`);
  return ['', `  Timings: ${parts.join(' · ')}`];
}

/** The human-readable demo report (stdout); progress bars went to stderr. */
export function renderDemo(report: DemoReport, explanations: readonly string[]): string {
  return [
    ...renderCity(report),
    ...renderScenario(report),
    ...renderRisk(report),
    ...renderDetection(report),
    ...renderDecisions(report, explanations),
    ...renderLoop(report),
    ...renderTimings(report),
    '',
  ].join('\n');
}
