import { EngineError } from '../../core/index.js';
import { policyDiagnosticView, type ActivePolicyBundle, type PolicyFileInput } from '../services/policy-registry.js';
import { pageSize } from '../services/page-cursor.js';
import { requirePolicies } from '../services/require-service.js';
import { runAudited } from '../services/run-audited.js';
import type { Resolver } from './resolver-types.js';

/** The SDL's PolicyBundle from the active bundle. */
function bundleView(active: ActivePolicyBundle): object {
  return {
    version: active.bundle.version,
    name: active.name,
    rules: active.rules.length,
    publishedAt: active.publishedAt ?? null,
    publishedBy: active.publishedBy ?? null,
    diagnostics: active.diagnostics.filter((d) => d.severity !== 'error').map(policyDiagnosticView),
  };
}

/** `policies`: the active bundle's rules, optionally of one domain, sorted by id. */
const policies: Resolver<unknown, { readonly domain?: string | null; readonly first: number }, object> = (_source, args, context) => {
  const first = pageSize(args.first, 500);
  const active = requirePolicies(context.services, 'policies').active();
  const matching = active.rules
    .filter((r) => args.domain == null || r.rule.domain === args.domain)
    .map((r) => ({ ...r.rule, file: r.file }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { bundle: bundleView(active), items: matching.slice(0, first), totalCount: matching.length, truncated: matching.length > first };
};

interface PublishArgs {
  readonly bundle: { readonly name: string; readonly files: readonly PolicyFileInput[] };
}

/** `publishPolicyBundle` (architects only, by @auth): lint, refuse with diagnostics, or swap; audited. */
const publishPolicyBundle: Resolver<unknown, PublishArgs, object> = (_source, { bundle }, context) =>
  runAudited(context, 'publishPolicyBundle', { name: bundle.name, files: bundle.files.length }, () => {
    const registry = requirePolicies(context.services, 'publishPolicyBundle');
    try {
      return bundleView(registry.publish({ name: bundle.name, files: bundle.files, actor: context.principal.subject }));
    } catch (error) {
      if (error instanceof EngineError && error.code === 'CG_API_POLICY_BUNDLE_INVALID') context.logger.info({ name: bundle.name, details: error.details }, 'policy bundle refused');
      throw error;
    }
  });

/** Policy bundles (DESIGN.md §7). */
export const policyResolvers = {
  Query: { policies },
  Mutation: { publishPolicyBundle },
};
