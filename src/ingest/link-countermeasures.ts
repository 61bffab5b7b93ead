/**
 * ATT&CK → D3FEND knowledge links: Technique —mitigatedBy→ Countermeasure,
 * derived from Technique —mitigatedBy→ Mitigation (ATT&CK `mitigates`) and
 * D3FEND's `d3f:Mxxxx d3f:related d3f:<defensive technique>`.
 *
 * D3FEND relates only ATT&CK Enterprise mitigations (M1xxx). An ICS technique
 * is linked through its ATT&CK for ICS mitigation (M08xx/M09xx) and the
 * Enterprise mitigation of the same name (e.g. ICS M0947 "Audit" → Enterprise
 * M1047 "Audit"); 35 of the 52 ICS mitigations in ATT&CK 18.1 have such a
 * namesake. Each derived edge says so in `x_rule` and lists the mitigations
 * it came through in `x_via`. Edges are recomputed in full under the scope
 * `link:d3fend`, so stale links disappear when either side changes.
 */
import type { EdgeInput, GraphStore, NodeRecord } from '../graph/port.js';
import { edgeId } from '../core/index.js';
import { reconcile } from './reconcile.js';

export const LINK_SCOPE = 'link:d3fend';

async function allNodes(store: GraphStore, kind: string): Promise<NodeRecord[]> {
  const out: NodeRecord[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.listNodes({ kinds: [kind] }, { first: 10_000, ...(after ? { after } : {}) });
    out.push(...page.items);
    if (!page.hasNextPage || page.endCursor === null) return out;
    after = page.endCursor;
  }
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

interface Via {
  readonly enterprise: string;
  readonly rule: 'd3fend-related' | 'ics-namesake+d3fend-related';
}

/** Mitigation node id → the Enterprise mitigation D3FEND knows it by. */
function viaTable(mitigations: readonly NodeRecord[], knownNames: ReadonlyMap<string, string>): Map<string, Via> {
  const out = new Map<string, Via>();
  for (const m of mitigations) {
    const attackId = typeof m.props['attackId'] === 'string' ? m.props['attackId'] : '';
    if (/^M1\d{3}$/.test(attackId)) out.set(m.id, { enterprise: attackId, rule: 'd3fend-related' });
    else if (/^M0\d{3}$/.test(attackId) && typeof m.props['name'] === 'string') {
      const enterprise = knownNames.get(m.props['name'].toLowerCase());
      if (enterprise) out.set(m.id, { enterprise, rule: 'ics-namesake+d3fend-related' });
    }
  }
  return out;
}

/** Recomputes every derived Technique → Countermeasure edge; returns how many exist now. */
export async function linkCountermeasures(store: GraphStore): Promise<{ edges: number; deleted: number }> {
  const countermeasures = await allNodes(store, 'Countermeasure');
  const byMitigation = new Map<string, string[]>();
  const names = new Map<string, string>();
  for (const c of countermeasures) {
    const ids = strings(c.props['x_relatedMitigations']);
    const labels = strings(c.props['x_relatedMitigationNames']);
    ids.forEach((m, i) => {
      byMitigation.set(m, [...(byMitigation.get(m) ?? []), c.id]);
      if (labels[i]) names.set(labels[i].toLowerCase(), m);
    });
  }
  const via = viaTable(await allNodes(store, 'Mitigation'), names);
  const links = new Map<string, { from: string; to: string; via: Set<string>; rules: Set<string> }>();
  for await (const batch of store.exportEdges()) {
    for (const e of batch) {
      const v = e.kind === 'mitigatedBy' ? via.get(e.to) : undefined;
      if (!v) continue;
      for (const to of byMitigation.get(v.enterprise) ?? []) {
        const id = edgeId(e.from, 'mitigatedBy', to);
        const link = links.get(id) ?? { from: e.from, to, via: new Set<string>(), rules: new Set<string>() };
        link.via.add(e.to === `attack:${v.enterprise}` ? v.enterprise : `${e.to.replace(/^attack:/, '')}~${v.enterprise}`);
        link.rules.add(v.rule);
        links.set(id, link);
      }
    }
  }
  const edges: EdgeInput[] = [...links].map(([id, l]) => ({ id, kind: 'mitigatedBy', from: l.from, to: l.to, props: { source: LINK_SCOPE, x_via: [...l.via].sort(), x_rule: [...l.rules].sort() } }));
  for (let i = 0; i < edges.length; i += 5_000) await store.write({ edges: edges.slice(i, i + 5_000) });
  const cleaned = await reconcile({ store, scope: LINK_SCOPE, seenNodes: new Set(), seenEdges: new Set(links.keys()), maxDeleteFraction: 1 });
  return { edges: edges.length, deleted: cleaned.edgesDeleted };
}
