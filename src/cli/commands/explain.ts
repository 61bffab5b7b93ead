import { isAbsolute, join } from 'node:path';
import { EngineError } from '../../core/index.js';
import { readLog, renderDecision, type DecisionRecord } from '../../decision/index.js';
import { printJson } from '../io.js';
import type { CommandModule } from '../runtime.js';

/** `civgraph explain DECISION_ID`: a decision from the log, in plain language or JSON. */
export const explainCommand: CommandModule = {
  register(program, runtime) {
    program
      .command('explain <decisionId>')
      .description('explain a recorded decision: triggers, scores, paths, rules, constraints, actions, alternatives')
      .option('--log <file>', 'decision log (default ./decisions.jsonl)')
      .option('--json', 'print the explanation object as JSON')
      .action((decisionId: string, flags: { log?: string; json?: boolean }) =>
        runtime.run(async () => {
          const file = flags.log === undefined ? join(runtime.io.cwd, 'decisions.jsonl') : isAbsolute(flags.log) ? flags.log : join(runtime.io.cwd, flags.log);
          const entry = readLog(file).find((e) => (e.record as DecisionRecord).id === decisionId);
          if (entry === undefined) throw new EngineError('CG_DECISION_NOT_FOUND', `no decision ${decisionId} in ${file}`, { details: { decisionId, file } });
          const record = entry.record as DecisionRecord;
          if (flags.json) printJson(runtime.io, record);
          else runtime.io.out(renderDecision(record));
        }),
      );
  },
};
