/**
 * Loads the policy bundle: every rules/policies/<domain>/<id>.json,
 * validated against rules/rules.schema.json (ajv, all errors) and checked
 * (rule-checks.ts). Bad files become diagnostics with file and JSON pointer
 * and never stop the others from loading. The bundle version is a content
 * hash over the files, so a decision names the exact policies it used.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { EngineError, contentHash, diagnostic, type Diagnostic } from '../core/index.js';
import { checkRule } from './rule-checks.js';
import type { LoadedRule, PolicyRule } from './types.js';

export interface PolicyBundle {
  readonly dir: string;
  readonly rules: readonly LoadedRule[];
  readonly diagnostics: readonly Diagnostic[];
  /** sha-256 content hash (16 hex) of every policy file, in path order. */
  readonly version: string;
}

const validators = new Map<string, ValidateFunction>();

/** The compiled rules.schema.json validator (compiled once per schema file, on first use). */
export function ruleValidator(schemaFile: string): ValidateFunction {
  let validator = validators.get(schemaFile);
  if (validator === undefined) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    validator = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
    validators.set(schemaFile, validator);
  }
  return validator;
}

/** ajv errors → Diagnostics; `oneOf` noise is reduced to the deepest errors per pointer. */
export function schemaDiagnostics(errors: readonly ErrorObject[], file: string, code = 'CG_POLICY_SCHEMA'): Diagnostic[] {
  const deepest = errors.filter((e) => e.keyword !== 'oneOf' && !errors.some((o) => o !== e && o.instancePath.startsWith(`${e.instancePath}/`)));
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const e of deepest.length > 0 ? deepest : errors) {
    const extra = e.keyword === 'additionalProperties' ? ` "${String(e.params['additionalProperty'])}"` : '';
    const message = `${e.message ?? 'invalid'}${extra}`;
    const key = `${e.instancePath}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(diagnostic(code, message, { file, pointer: e.instancePath }));
  }
  return out;
}

/** JSON.parse with a diagnostic (line and column) instead of a throw. */
export function parseJsonFile(text: string, file: string): { value?: unknown; diagnostic?: Diagnostic } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : 0;
    const before = text.slice(0, offset).split('\n');
    return { diagnostic: diagnostic('CG_POLICY_JSON_SYNTAX', message, { file, line: before.length, column: (before.at(-1)?.length ?? 0) + 1 }) };
  }
}

/** Every *.json under a folder, sorted, as paths. */
export function jsonFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...jsonFilesUnder(path));
    else if (name.endsWith('.json')) out.push(path);
  }
  return out;
}

/** Validates one rule document; returns the rule when it is usable. */
export function validateRule(value: unknown, file: string, schemaFile: string, actions?: ReadonlySet<string>): { rule?: PolicyRule; diagnostics: Diagnostic[] } {
  const validate = ruleValidator(schemaFile);
  if (!validate(value)) return { diagnostics: schemaDiagnostics(validate.errors ?? [], file) };
  const rule = value as PolicyRule;
  const diagnostics = checkRule(rule, file, actions);
  return diagnostics.some((d) => d.severity === 'error') ? { diagnostics } : { rule, diagnostics };
}

function placementDiagnostics(rule: PolicyRule, path: string, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (basename(path, '.json') !== rule.id) out.push(diagnostic('CG_POLICY_ID_MISMATCH', `file name must be ${rule.id}.json`, { file, pointer: '/id' }));
  const folder = basename(dirname(path));
  if (folder !== rule.domain.toLowerCase()) {
    out.push(diagnostic('CG_POLICY_ID_MISMATCH', `domain ${rule.domain} belongs in policies/${rule.domain.toLowerCase()}/`, { file, pointer: '/domain' }, 'warning'));
  }
  return out;
}

/** Loads `<dir>/policies/**.json` against `<dir>/rules.schema.json`. */
export function loadPolicies(options: { readonly dir: string; readonly actions?: ReadonlySet<string> }): PolicyBundle {
  const policiesDir = join(options.dir, 'policies');
  let files: string[];
  try {
    files = jsonFilesUnder(policiesDir);
  } catch (cause) {
    throw new EngineError('CG_POLICY_BUNDLE_UNREADABLE', `cannot read policies in ${policiesDir}`, { cause, details: { dir: policiesDir } });
  }
  const schemaFile = join(options.dir, 'rules.schema.json');
  const rules: LoadedRule[] = [];
  const diagnostics: Diagnostic[] = [];
  const ids = new Map<string, string>();
  const hashInput: string[] = [];
  for (const path of files) {
    const file = relative(options.dir, path);
    const text = readFileSync(path, 'utf8');
    hashInput.push(file, text);
    const parsed = parseJsonFile(text, file);
    if (parsed.diagnostic !== undefined) {
      diagnostics.push(parsed.diagnostic);
      continue;
    }
    const result = validateRule(parsed.value, file, schemaFile, options.actions);
    diagnostics.push(...result.diagnostics);
    if (result.rule === undefined) continue;
    diagnostics.push(...placementDiagnostics(result.rule, path, file));
    const other = ids.get(result.rule.id);
    if (other !== undefined) {
      diagnostics.push(diagnostic('CG_POLICY_DUPLICATE_ID', `id ${result.rule.id} is also used by ${other}`, { file, pointer: '/id' }));
      continue;
    }
    ids.set(result.rule.id, file);
    rules.push({ rule: result.rule, file });
  }
  return { dir: options.dir, rules, diagnostics, version: contentHash(hashInput.join('\u0000')) };
}
