import type { Diagnostic } from '../core/index.js';
import { loadPolicies, type PolicyRule } from '../policy/index.js';
import { loadActions, type ResponseAction } from '../response/index.js';

export interface OpenPolicyBundle {
  readonly rules: readonly PolicyRule[];
  readonly actions: ReadonlyMap<string, ResponseAction>;
  /** Content hash of the policy files (the decision's policy bundle version). */
  readonly version: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** Loads rules/ (policies + action catalogue) for the demo, the API and the CLI. */
export function openPolicyBundle(options: { readonly dir: string }): OpenPolicyBundle {
  const catalogue = loadActions(options);
  const bundle = loadPolicies({ dir: options.dir, actions: new Set(catalogue.actions.keys()) });
  return { rules: bundle.rules.map((r) => r.rule), actions: catalogue.actions, version: bundle.version, diagnostics: [...catalogue.diagnostics, ...bundle.diagnostics] };
}
