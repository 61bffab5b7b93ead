import { randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EngineError, formatLocation, type Diagnostic } from '../../core/index.js';
import { openPolicyBundle, type OpenPolicyBundle } from '../../decision/index.js';
import { lintPolicies, type LoadedRule } from '../../policy/index.js';

/** The bundle the server serves and hands to the loop (DESIGN.md §7). */
export interface ActivePolicyBundle {
  readonly name: string;
  /** Folder the bundle was loaded from (rules/ for the start bundle, a published copy after). */
  readonly dir: string;
  readonly bundle: OpenPolicyBundle;
  /** Rules with the file each came from, as lint loaded them. */
  readonly rules: readonly LoadedRule[];
  /** Lint findings of the bundle (warnings only once published: errors refuse it). */
  readonly diagnostics: readonly Diagnostic[];
  readonly publishedAt?: string;
  readonly publishedBy?: string;
}

export interface PolicyFileInput {
  readonly path: string;
  readonly text: string;
}

export interface PublishInput {
  readonly name: string;
  readonly files: readonly PolicyFileInput[];
  readonly actor: string;
}

export interface PolicyRegistry {
  active(): ActivePolicyBundle;
  /** Lints `input` as a whole bundle and makes it the active one, or throws CG_API_POLICY_BUNDLE_INVALID. */
  publish(input: PublishInput): ActivePolicyBundle;
}

export interface PolicyRegistryOptions {
  /** The rules folder the server starts with (policies/, actions/, the schemas). */
  readonly dir: string;
  /** Where published bundles are written, one sub-folder each. */
  readonly publishDir: string;
  /** Told about every bundle that becomes active (the live loop swaps its rules). */
  readonly onPublished?: (bundle: OpenPolicyBundle, dir: string) => void;
}

const FILE_PATH = /^[a-z]+\/[a-z0-9][a-z0-9-]*\.json$/;
const MAX_FILES = 2_000;
const MAX_BYTES = 5 * 1024 * 1024;

function badRequest(message: string, field: string): EngineError {
  return new EngineError('CG_API_BAD_REQUEST', message, { details: { field } });
}

/** Names, paths (policies/<domain>/<id>.json, no traversal), count and size of a published bundle. */
function checkInput(input: PublishInput): void {
  if (input.name.trim() === '' || input.name.length > 100) throw badRequest('name must be 1 to 100 characters', 'bundle.name');
  if (input.files.length === 0 || input.files.length > MAX_FILES) throw badRequest(`a bundle holds 1 to ${MAX_FILES} files`, 'bundle.files');
  const seen = new Set<string>();
  let bytes = 0;
  input.files.forEach((file, i) => {
    if (!FILE_PATH.test(file.path)) throw badRequest(`files[${i}].path must look like energy/rule-id.json (lower-case domain folder, rule id)`, `bundle.files.${i}.path`);
    if (seen.has(file.path)) throw badRequest(`files[${i}].path ${file.path} is listed twice`, `bundle.files.${i}.path`);
    seen.add(file.path);
    bytes += Buffer.byteLength(file.text);
  });
  if (bytes > MAX_BYTES) throw badRequest(`the bundle is larger than ${MAX_BYTES} bytes`, 'bundle.files');
}

/** A diagnostic as the SDL's PolicyDiagnostic. */
export function policyDiagnosticView(d: Diagnostic): { code: string; severity: string; message: string; location: string } {
  return { code: d.code, severity: d.severity, message: d.message, location: formatLocation(d.location) };
}

function load(dir: string, actions: ReadonlySet<string> | undefined): { bundle: OpenPolicyBundle; rules: readonly LoadedRule[]; diagnostics: readonly Diagnostic[] } {
  const bundle = openPolicyBundle({ dir });
  const lint = lintPolicies({ dir, actions: actions ?? new Set(bundle.actions.keys()) });
  return { bundle, rules: lint.bundle.rules, diagnostics: lint.diagnostics };
}

/** Copies the catalogue and schemas of `base` and writes the bundle's files under `<staging>/policies`. */
function stage(base: string, staging: string, files: readonly PolicyFileInput[]): void {
  mkdirSync(join(staging, 'policies'), { recursive: true });
  cpSync(join(base, 'rules.schema.json'), join(staging, 'rules.schema.json'));
  cpSync(join(base, 'action.schema.json'), join(staging, 'action.schema.json'));
  cpSync(join(base, 'actions'), join(staging, 'actions'), { recursive: true });
  for (const file of files) {
    const target = join(staging, 'policies', file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.text, { encoding: 'utf8', mode: 0o600 });
  }
}

/**
 * Tells the loop about a bundle before the API serves it, so the API never lists a bundle the loop
 * refused: if `onPublished` throws, the staged folder is removed and the active bundle kept.
 */
function handOver(options: PolicyRegistryOptions, bundle: OpenPolicyBundle, staging: string): void {
  try {
    options.onPublished?.(bundle, staging);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (error instanceof EngineError) throw error;
    throw new EngineError('CG_API_POLICIES_UNAVAILABLE', `the live loop did not take the bundle staged in ${staging}; the active bundle is unchanged`, { cause: error, details: { dir: options.publishDir } });
  }
}

/**
 * The active policy bundle and its publication (DESIGN.md §7, §9 "publish policies"). A published
 * bundle is staged in its own folder, linted exactly as `civgraph policy lint` does (schema, facts,
 * operators, kinds, actions, unreachable rules, conflicts) and refused with every diagnostic when
 * any is an error; otherwise it replaces the active bundle in one assignment, so a request sees
 * the old bundle or the new one, never a mix — after the loop took it (`onPublished` runs first).
 * The superseded published folder is then removed (never the configured rules folder), so one
 * published folder exists at a time. Staging and swap are synchronous, hence serialised.
 */
export function openPolicyRegistry(options: PolicyRegistryOptions): PolicyRegistry {
  const start = load(options.dir, undefined);
  let current: ActivePolicyBundle = { name: 'rules', dir: options.dir, ...start };
  return {
    active: () => current,
    publish(input) {
      checkInput(input);
      const staging = join(options.publishDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`);
      try {
        stage(options.dir, staging, input.files);
      } catch (error) {
        rmSync(staging, { recursive: true, force: true });
        throw new EngineError('CG_API_POLICIES_UNAVAILABLE', `cannot stage the bundle in ${options.publishDir}`, { cause: error, details: { dir: options.publishDir } });
      }
      const loaded = load(staging, new Set(current.bundle.actions.keys()));
      const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0 || loaded.rules.length === 0) {
        rmSync(staging, { recursive: true, force: true });
        const shown = errors.length > 0 ? errors : loaded.diagnostics;
        throw new EngineError('CG_API_POLICY_BUNDLE_INVALID', `the bundle ${input.name} has ${errors.length} lint error(s) and ${loaded.rules.length} usable rule(s); the active bundle is unchanged`, {
          details: { diagnostics: shown.slice(0, 200).map(policyDiagnosticView), errorCount: errors.length },
        });
      }
      handOver(options, loaded.bundle, staging);
      const previous = current;
      current = { name: input.name, dir: staging, ...loaded, publishedAt: new Date().toISOString(), publishedBy: input.actor };
      if (previous.dir !== options.dir) rmSync(previous.dir, { recursive: true, force: true });
      return current;
    },
  };
}
