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

function renderTimings(report: DemoReport): string[] {
  const parts = Object.entries(report.timings).map(([stage, ms]) => `${stage.replace(/Ms$/, '')} ${(ms / 1000).toFixed(2)} s`);
  return ['', `  Timings: ${parts.join(' · ')}`];
}

/** The human-readable demo report (stdout); progress bars went to stderr. */
export function renderDemo(report: DemoReport): string {
  return [...renderCity(report), ...renderScenario(report), ...renderTimings(report), ''].join('\n');
}
