import type { DecisionRecord } from './decision-record.js';

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

/** The decision in plain language (DESIGN.md §8), for `civgraph explain` and the demo. */
export function renderDecision(record: DecisionRecord): string {
  const lines: string[] = [`Decision ${record.id} at ${record.time} (incident ${record.incident.id})`];
  lines.push(`Triggered by ${record.events.length} event(s) on ${[...new Set(record.events.map((e) => e.deviceId))].join(', ')}.`);
  for (const s of record.scores.slice(0, 3)) {
    const why = s.contributions.map((c) => `${c.feature} ${c.value >= 0 ? '+' : ''}${c.value.toFixed(2)}`).join(', ');
    lines.push(`Score of ${s.eventId}: p = ${s.probability.toFixed(2)}${why ? ` (${why})` : ''}.`);
  }
  for (const p of record.paths) lines.push(`Harm can travel ${p.nodes.join(' → ')} (p = ${p.probability.toFixed(3)}, ${p.domains.join(' / ')}).`);
  const seen = new Set<string>();
  for (const r of record.rules) {
    if (seen.has(r.ruleId)) continue;
    seen.add(r.ruleId);
    lines.push(`Rule ${r.ruleId}@${r.version} (${r.severity}) fired: ${r.explanation}`);
  }
  for (const c of record.constraints) {
    const what = c.constraint.type === 'protectService' ? `protect ${c.constraint.serviceKind} (at most +${pct(c.constraint.maxAddedLoss)} loss)` : `${c.constraint.type} ${c.constraint.action} on ${c.constraint.target}`;
    lines.push(`Constraint from ${c.ruleId}: ${what}.`);
  }
  for (const a of record.chosen) lines.push(`Chosen: ${a.action} on ${a.target} [${a.d3fend.join(', ')}] — avoids ${a.avoided.toFixed(2)}, costs ${a.caused.toFixed(2)}; verify: ${a.verification}; rollback: ${a.rollback}`);
  for (const a of record.pendingApproval) lines.push(`Waiting for approval: ${a.action} on ${a.target} — ${a.approvalReason ?? ''}.`);
  for (const r of record.rejected) lines.push(`Rejected: ${r.action} on ${r.target} — ${r.reason}: ${r.detail}.`);
  lines.push(`Expected: critical-service availability ${pct(record.expected.before.criticalAvailability)} → ${pct(record.expected.after.criticalAvailability)}; impact ${record.expected.before.impact.toFixed(2)} → ${record.expected.after.impact.toFixed(2)}.`);
  lines.push(`Counterfactual: ${record.counterfactual}`);
  lines.push(`Versions: policy bundle ${record.versions.policyBundle}, model ${record.versions.model}, graph ${record.versions.graph}.`);
  return `${lines.join('\n')}\n`;
}
