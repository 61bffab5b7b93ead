/**
 * Checks of a policy rule beyond its JSON Schema: known operators, known
 * facts, kinds the ontology defines, known actions. Each problem is a
 * Diagnostic located by file and JSON pointer (RFC 6901).
 */
import { diagnostic, type Diagnostic } from '../core/index.js';
import { NODE_KINDS } from '../ontology/index.js';
import { DEFAULT_OPERATORS, GRAPH_OPERATOR_NAMES } from './operators.js';
import { isLeaf, type LeafCondition, type PolicyRule, type RuleCondition } from './types.js';

/** Facts the engine provides (see facts.ts). */
export const KNOWN_FACTS = ['event', 'device', 'scores', 'techniques', 'history', 'incident'] as const;

const KNOWN_OPERATORS = new Set<string>([...Object.keys(DEFAULT_OPERATORS), ...GRAPH_OPERATOR_NAMES]);
const KINDS = new Set<string>(NODE_KINDS);

/** Visits every leaf with its JSON pointer. */
export function forEachLeaf(condition: RuleCondition, pointer: string, visit: (leaf: LeafCondition, pointer: string) => void): void {
  if (isLeaf(condition)) {
    visit(condition, pointer);
    return;
  }
  if ('all' in condition) condition.all.forEach((c, i) => forEachLeaf(c, `${pointer}/all/${i}`, visit));
  else if ('any' in condition) condition.any.forEach((c, i) => forEachLeaf(c, `${pointer}/any/${i}`, visit));
  else forEachLeaf(condition.not, `${pointer}/not`, visit);
}

function kindsIn(leaf: LeafCondition): { kinds: readonly unknown[]; field: string } | undefined {
  if (leaf.operator === 'isKind') return { kinds: Array.isArray(leaf.value) ? leaf.value : [leaf.value], field: '' };
  if (leaf.operator === 'pathExists' && leaf.value !== null && typeof leaf.value === 'object') {
    const to = (leaf.value as { to?: unknown }).to;
    // A `to` with a dash or digit is a node id, not a kind.
    if (typeof to === 'string' && /^[A-Z][A-Za-z]*$/.test(to)) return { kinds: [to], field: '/to' };
  }
  return undefined;
}

function checkLeaf(leaf: LeafCondition, pointer: string, file: string, out: Diagnostic[]): void {
  if (!KNOWN_OPERATORS.has(leaf.operator)) {
    out.push(diagnostic('CG_POLICY_UNKNOWN_OPERATOR', `unknown operator "${leaf.operator}"`, { file, pointer: `${pointer}/operator` }));
  }
  const facts: string[] = [leaf.fact];
  const ref = leaf.value as { fact?: unknown } | null;
  if (ref !== null && typeof ref === 'object' && typeof ref.fact === 'string') facts.push(ref.fact);
  for (const fact of facts) {
    if (!(KNOWN_FACTS as readonly string[]).includes(fact)) {
      const where = fact === leaf.fact ? `${pointer}/fact` : `${pointer}/value/fact`;
      out.push(diagnostic('CG_POLICY_UNKNOWN_FACT', `unknown fact "${fact}" (known: ${KNOWN_FACTS.join(', ')})`, { file, pointer: where }));
    }
  }
  const kinds = kindsIn(leaf);
  for (const kind of kinds?.kinds ?? []) {
    if (typeof kind !== 'string' || !KINDS.has(kind)) {
      out.push(diagnostic('CG_POLICY_UNKNOWN_KIND', `unknown node kind "${String(kind)}"`, { file, pointer: `${pointer}/value${kinds?.field ?? ''}` }));
    }
  }
}

/** Semantic checks of one schema-valid rule; `actions` is the catalogue's ids when known. */
export function checkRule(rule: PolicyRule, file: string, actions?: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  forEachLeaf(rule.conditions, '/conditions', (leaf, pointer) => checkLeaf(leaf, pointer, file, out));
  if (actions !== undefined) {
    (rule.event.params.actions ?? []).forEach((a, i) => {
      if (!actions.has(a.action)) out.push(diagnostic('CG_POLICY_UNKNOWN_ACTION', `unknown action "${a.action}"`, { file, pointer: `/event/params/actions/${i}/action` }));
    });
  }
  (rule.event.params.constraints ?? []).forEach((c, i) => {
    const pointer = `/event/params/constraints/${i}`;
    if (c.type === 'protectService' && !KINDS.has(c.serviceKind)) {
      out.push(diagnostic('CG_POLICY_UNKNOWN_KIND', `unknown service kind "${c.serviceKind}"`, { file, pointer: `${pointer}/serviceKind` }));
    }
    if (c.type !== 'protectService' && actions !== undefined && !actions.has(c.action)) {
      out.push(diagnostic('CG_POLICY_UNKNOWN_ACTION', `unknown action "${c.action}"`, { file, pointer: `${pointer}/action` }));
    }
  });
  return out;
}
