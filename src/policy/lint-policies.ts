/**
 * `civgraph policy lint`: the loader's diagnostics (schema, unknown facts,
 * operators, kinds and actions) plus two bundle-level checks:
 *  - unreachable rules: a top-level `all` that needs one field to equal two
 *    different values (or to be in disjoint lists);
 *  - conflicts: a rule proposes action A on target T while another rule that
 *    can fire for the same event kind and device kind forbids A on T.
 */
import { diagnostic, type Diagnostic } from '../core/index.js';
import { NODE_KIND_ANCESTORS, type NodeKind } from '../ontology/index.js';
import { loadPolicies, type PolicyBundle } from './load-policies.js';
import { ruleKeys } from './rule-index.js';
import { isLeaf, type LeafCondition, type LoadedRule, type RuleCondition } from './types.js';

export interface LintReport {
  readonly bundle: PolicyBundle;
  readonly diagnostics: readonly Diagnostic[];
}

function topLeaves(condition: RuleCondition, pointer: string): { leaf: LeafCondition; pointer: string }[] {
  if (isLeaf(condition)) return [{ leaf: condition, pointer }];
  if ('all' in condition) return condition.all.flatMap((c, i) => topLeaves(c, `${pointer}/all/${i}`));
  return [];
}

function allowed(leaf: LeafCondition): readonly unknown[] | undefined {
  if (leaf.operator === 'equal') return [leaf.value];
  if (leaf.operator === 'in' && Array.isArray(leaf.value)) return leaf.value;
  return undefined;
}

function unreachable(loaded: LoadedRule): Diagnostic[] {
  const seen = new Map<string, { values: readonly unknown[]; pointer: string }>();
  const out: Diagnostic[] = [];
  for (const { leaf, pointer } of topLeaves(loaded.rule.conditions, '/conditions')) {
    const values = allowed(leaf);
    if (values === undefined) continue;
    const key = `${leaf.fact}${leaf.path ?? ''}`;
    const before = seen.get(key);
    if (before !== undefined && !values.some((v) => before.values.includes(v))) {
      out.push(diagnostic('CG_POLICY_UNREACHABLE', `rule can never fire: ${key} must match ${JSON.stringify(before.values)} (at ${before.pointer}) and ${JSON.stringify(values)}`, { file: loaded.file, pointer }));
    }
    seen.set(key, { values, pointer });
  }
  return out;
}

function deviceKinds(loaded: LoadedRule): readonly string[] | undefined {
  for (const { leaf } of topLeaves(loaded.rule.conditions, '')) {
    if (leaf.fact === 'device' && leaf.operator === 'isKind') return (Array.isArray(leaf.value) ? leaf.value : [leaf.value]) as string[];
  }
  return undefined;
}

const related = (a: string, b: string): boolean =>
  a === b || (NODE_KIND_ANCESTORS[a as NodeKind] ?? []).includes(b as NodeKind) || (NODE_KIND_ANCESTORS[b as NodeKind] ?? []).includes(a as NodeKind);

function overlaps(a: LoadedRule, b: LoadedRule): boolean {
  const ka = ruleKeys(a.rule).kinds;
  const kb = ruleKeys(b.rule).kinds;
  if (ka !== undefined && kb !== undefined && !ka.some((k) => kb.includes(k))) return false;
  const da = deviceKinds(a);
  const db = deviceKinds(b);
  return da === undefined || db === undefined || da.some((x) => db.some((y) => related(x, y)));
}

function conflicts(rules: readonly LoadedRule[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const forbidding of rules) {
    (forbidding.rule.event.params.constraints ?? []).forEach((c, ci) => {
      if (c.type !== 'forbid') return;
      for (const proposing of rules) {
        if (proposing === forbidding || !overlaps(proposing, forbidding)) continue;
        (proposing.rule.event.params.actions ?? []).forEach((a, ai) => {
          if (a.action !== c.action || a.target !== c.target) return;
          out.push(
            diagnostic('CG_POLICY_CONFLICT', `${forbidding.rule.id} forbids ${c.action} on ${c.target}, which ${proposing.rule.id} proposes (${proposing.file} /event/params/actions/${ai})`, {
              file: forbidding.file,
              pointer: `/event/params/constraints/${ci}`,
            }),
          );
        });
      }
    });
  }
  return out;
}

/** Lints the bundle in `dir` (rules/). */
export function lintPolicies(options: { readonly dir: string; readonly actions?: ReadonlySet<string> }): LintReport {
  const bundle = loadPolicies(options);
  return { bundle, diagnostics: [...bundle.diagnostics, ...bundle.rules.flatMap(unreachable), ...conflicts(bundle.rules)] };
}
