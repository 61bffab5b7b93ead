import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv } from 'ajv';
import { EngineError, diagnostic, type Diagnostic } from '../core/index.js';
import { NODE_KINDS } from '../ontology/index.js';
import { jsonFilesUnder, parseJsonFile, schemaDiagnostics } from '../policy/index.js';
import type { ResponseAction } from './response-action.js';

export interface ActionCatalogue {
  readonly actions: ReadonlyMap<string, ResponseAction>;
  readonly diagnostics: readonly Diagnostic[];
}

const KINDS = new Set<string>(NODE_KINDS);

function kindDiagnostics(action: ResponseAction, file: string): Diagnostic[] {
  return action.preconditions.targetKinds.flatMap((kind, i) =>
    KINDS.has(kind) ? [] : [diagnostic('CG_POLICY_UNKNOWN_KIND', `unknown node kind "${kind}"`, { file, pointer: `/preconditions/targetKinds/${i}` })],
  );
}

/**
 * Loads rules/actions/*.json against rules/action.schema.json. Invalid files
 * become diagnostics (file + JSON pointer); the rest load.
 */
export function loadActions(options: { readonly dir: string }): ActionCatalogue {
  const schema = JSON.parse(readFileSync(join(options.dir, 'action.schema.json'), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  let files: string[];
  try {
    files = jsonFilesUnder(join(options.dir, 'actions'));
  } catch (cause) {
    throw new EngineError('CG_POLICY_BUNDLE_UNREADABLE', `cannot read actions in ${options.dir}/actions`, { cause });
  }
  const actions = new Map<string, ResponseAction>();
  const diagnostics: Diagnostic[] = [];
  for (const path of files) {
    const file = relative(options.dir, path);
    const parsed = parseJsonFile(readFileSync(path, 'utf8'), file);
    if (parsed.diagnostic !== undefined) {
      diagnostics.push(parsed.diagnostic);
      continue;
    }
    if (!validate(parsed.value)) {
      diagnostics.push(...schemaDiagnostics(validate.errors ?? [], file));
      continue;
    }
    const action = parsed.value as ResponseAction;
    const problems = kindDiagnostics(action, file);
    if (actions.has(action.id)) problems.push(diagnostic('CG_POLICY_DUPLICATE_ID', `action id ${action.id} is used twice`, { file, pointer: '/id' }));
    diagnostics.push(...problems);
    if (problems.length === 0) actions.set(action.id, action);
  }
  return { actions, diagnostics };
}
