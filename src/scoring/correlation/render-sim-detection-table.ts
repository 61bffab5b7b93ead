import type { SimDetectionRow } from './sim-detection-table.js';

const pct = (v: number): string => (Number.isNaN(v) ? 'n/a' : `${(100 * v).toFixed(1)}%`);
const frac = (a: number, b: number): string => `${a}/${b}`;

const COLUMNS: readonly { readonly head: string; readonly cell: (r: SimDetectionRow) => string }[] = [
  { head: 'seed', cell: (r) => String(r.seed) },
  { head: 'events', cell: (r) => String(r.counts.events) },
  { head: 'TPR', cell: (r) => pct(r.tpr) },
  { head: 'FPR', cell: (r) => pct(r.fpr) },
  { head: 'bal. acc.', cell: (r) => pct(r.balancedAccuracy) },
  { head: 'stages', cell: (r) => frac(r.counts.stagesDetected, r.counts.stages) },
  { head: 'attacks corr.', cell: (r) => frac(r.counts.attacksCorrelated, r.counts.attacks) },
  { head: 'attacks per-dom.', cell: (r) => frac(r.counts.attacksPerDomain, r.counts.attacks) },
  { head: 'coord. corr.', cell: (r) => frac(r.counts.coordinatedCorrelated, r.counts.coordinated) },
  { head: 'coord. per-dom.', cell: (r) => frac(r.counts.coordinatedPerDomain, r.counts.coordinated) },
  { head: 'coord. domains corr./per-dom.', cell: (r) => `${r.counts.coordinatedDomainsCorrelated}/${r.counts.coordinatedDomainsPerDomain} of ${r.counts.coordinatedDomains}` },
  { head: 'false alerts', cell: (r) => pct(r.falseAlertShare) },
  { head: 'false incidents', cell: (r) => pct(r.falseIncidentShare) },
];

/**
 * The seed-study table as text (what the demo and `civgraph evaluate
 * --dataset sim` print): one line per seed and the pooled line, then the
 * headline figures with correlation against the per-domain baseline.
 */
export function renderSimDetectionTable(rows: readonly SimDetectionRow[]): string {
  const cells = rows.map((r) => COLUMNS.map((c) => c.cell(r)));
  const widths = COLUMNS.map((c, i) => Math.max(c.head.length, ...cells.map((row) => (row[i] as string).length)));
  const line = (values: readonly string[]): string => values.map((v, i) => v.padStart(widths[i] as number)).join('  ');
  const all = rows.find((r) => r.seed === 'all') ?? rows[rows.length - 1];
  const lines = [line(COLUMNS.map((c) => c.head)), ...cells.map(line)];
  if (all !== undefined) {
    const c = all.counts;
    lines.push(
      '',
      `detection: ${pct(all.tpr)} of attack events, ${pct(all.stageDetection)} of attack stages; false-positive rate ${pct(all.fpr)} of normal events`,
      `attacks with every stage in one incident: ${pct(all.attackDetectionCorrelated)} with cross-domain correlation vs ${pct(all.attackDetectionPerDomain)} per-domain (coordinated: ${pct(all.coordinatedCorrelated)} vs ${pct(all.coordinatedPerDomain)})`,
      `coordinated attack domains linked in one incident: ${c.coordinatedDomainsCorrelated} of ${c.coordinatedDomains} with correlation vs ${c.coordinatedDomainsPerDomain} per-domain`,
      `false alerts ${pct(all.falseAlertShare)} of ${c.alerts} alerts; false incidents ${pct(all.falseIncidentShare)} of ${c.incidents} incidents; fault events flagged ${frac(c.flaggedFault, c.faultEvents)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
