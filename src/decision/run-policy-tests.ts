/**
 * The policy test runner behind `civgraph policy test` (like `opa test`):
 * each rules/tests/<name>.json holds a small graph (inline or a path under
 * rules/tests/), events with scores, risk evidence and the expected decision
 * (fired rules, chosen actions, actions waiting for approval, forbidden
 * actions). Every case runs; a failing case never stops the others.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { diagnostic, type Diagnostic } from '../core/index.js';
import { createProjectionBuilder, type EdgeLike, type NodeLike, type Projection } from '../graph/projection/index.js';
import type { Evidence } from '../risk/index.js';
import { createPolicyEngine, jsonFilesUnder, loadPolicies, parseJsonFile } from '../policy/index.js';
import { createImpactModel, loadActions } from '../response/index.js';
import { decide, type ScoredEvent } from './decide.js';
import type { DecisionRecord } from './decision-record.js';

export interface PolicyTestCase {
  readonly description: string;
  readonly graph: string | { readonly nodes: readonly NodeLike[]; readonly edges: readonly EdgeLike[] };
  readonly events: readonly ScoredEvent[];
  /** Default: every event's device, compromise probability 0.9. */
  readonly evidence?: readonly Evidence[];
  readonly expect: {
    readonly fired?: readonly string[];
    readonly chosen?: readonly string[];
    readonly pendingApproval?: readonly string[];
    readonly forbidden?: readonly string[];
  };
}

export interface PolicyTestResult {
  readonly file: string;
  readonly description: string;
  readonly ok: boolean;
  /** Expected vs actual per field that differs. */
  readonly failures: readonly { readonly field: string; readonly expected: readonly string[]; readonly actual: readonly string[] }[];
  readonly decisionId?: string;
}

export interface PolicyTestReport {
  readonly bundleVersion: string;
  readonly passed: number;
  readonly failed: number;
  readonly results: readonly PolicyTestResult[];
  readonly diagnostics: readonly Diagnostic[];
}

function projectionOf(graph: { readonly nodes: readonly NodeLike[]; readonly edges: readonly EdgeLike[] }): Projection {
  const builder = createProjectionBuilder();
  for (const node of graph.nodes) builder.addNode(node);
  for (const edge of graph.edges) builder.addEdge(edge);
  return builder.finish({ version: 1 });
}

function actualOf(record: DecisionRecord): Record<keyof PolicyTestCase['expect'], string[]> {
  const keys = (list: readonly { action: string; target: string }[]): string[] => [...new Set(list.map((a) => `${a.action}@${a.target}`))].sort();
  return {
    fired: [...new Set(record.rules.map((r) => r.ruleId))].sort(),
    chosen: keys(record.chosen),
    pendingApproval: keys(record.pendingApproval),
    forbidden: keys(record.rejected.filter((r) => r.reason === 'forbidden')),
  };
}

/** Runs one case against a loaded bundle. */
export function runPolicyTestCase(input: { readonly testCase: PolicyTestCase; readonly file: string; readonly dir: string; readonly rules: Parameters<typeof createPolicyEngine>[0]['rules']; readonly actions: Parameters<typeof decide>[0]['actions']; readonly bundleVersion: string }): PolicyTestResult {
  const { testCase, file } = input;
  const graph = typeof testCase.graph === 'string' ? (JSON.parse(readFileSync(join(input.dir, 'tests', testCase.graph), 'utf8')) as { nodes: NodeLike[]; edges: EdgeLike[] }) : testCase.graph;
  const projection = projectionOf(graph);
  const engine = createPolicyEngine({ rules: input.rules, context: { projection } });
  const evidence = testCase.evidence ?? [...new Set(testCase.events.map((e) => e.event.deviceId))].map((node) => ({ node, probability: 0.9 }));
  const costModel = createImpactModel({ projection, evidence: [] });
  const record = decide({ engine, actions: input.actions, events: testCase.events, evidence, costModel, versions: { policyBundle: input.bundleVersion, model: 'test', graph: 'test-1' } });
  const actual = actualOf(record);
  const failures = (Object.keys(testCase.expect) as (keyof PolicyTestCase['expect'])[]).flatMap((field) => {
    const expected = [...(testCase.expect[field] ?? [])].sort();
    return JSON.stringify(expected) === JSON.stringify(actual[field]) ? [] : [{ field, expected, actual: actual[field] }];
  });
  return { file, description: testCase.description, ok: failures.length === 0, failures, decisionId: record.id };
}

/** Loads the bundle in `dir` (rules/) and runs every case in `dir`/tests/*.json. */
export function runPolicyTests(options: { readonly dir: string }): PolicyTestReport {
  const catalogue = loadActions({ dir: options.dir });
  const bundle = loadPolicies({ dir: options.dir, actions: new Set(catalogue.actions.keys()) });
  const rules = bundle.rules.map((r) => r.rule);
  const diagnostics: Diagnostic[] = [...catalogue.diagnostics, ...bundle.diagnostics];
  const results: PolicyTestResult[] = [];
  for (const path of jsonFilesUnder(join(options.dir, 'tests')).filter((p) => !p.includes('/cities/'))) {
    const file = relative(options.dir, path);
    const parsed = parseJsonFile(readFileSync(path, 'utf8'), file);
    if (parsed.diagnostic !== undefined) {
      diagnostics.push(parsed.diagnostic);
      results.push({ file, description: 'unreadable test case', ok: false, failures: [] });
      continue;
    }
    try {
      results.push(runPolicyTestCase({ testCase: parsed.value as PolicyTestCase, file, dir: options.dir, rules, actions: catalogue.actions, bundleVersion: bundle.version }));
    } catch (error) {
      diagnostics.push(diagnostic('CG_POLICY_TEST_FAILED', error instanceof Error ? error.message : String(error), { file }));
      results.push({ file, description: 'case raised an error', ok: false, failures: [] });
    }
  }
  const passed = results.filter((r) => r.ok).length;
  return { bundleVersion: bundle.version, passed, failed: results.length - passed, results, diagnostics };
}
