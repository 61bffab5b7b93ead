import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EngineError } from '../../core/index.js';
import { describeAlarmPolicy, parseModel, scoreCsv, type ScoredFile, type ScoredRow } from '../../scoring/index.js';
import { printJson } from '../io.js';
import type { CommandModule } from '../runtime.js';

interface ScoreOptions {
  readonly model: string;
  readonly input: string;
  readonly json?: boolean;
  readonly top: string;
  readonly alertsOnly?: boolean;
  readonly history?: string;
}

function readModel(file: string): ReturnType<typeof parseModel> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new EngineError('CG_FILE_UNREADABLE', `cannot read ${file}`, { cause, details: { file } });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new EngineError('CG_MODEL_INVALID', `${file} is not JSON`, { cause, details: { file, pointer: '' } });
  }
  return parseModel(json);
}

function rowLine(r: ScoredRow): string {
  const head = `${r.id ?? `row ${r.record}`}  score ${r.score.toFixed(3)}  p ${r.probability.toFixed(3)}${r.flag ? '  ALERT' : ''}${r.alarm ? ` (${r.alarm.text})` : ''}`;
  const top = r.contributions.slice(0, 3).map((c) => `${c.feature}=${Number(c.value.toFixed(3))} (${c.shap >= 0 ? '+' : ''}${c.shap.toFixed(3)})`);
  const words = r.flag && r.deviations ? r.deviations.map((d) => `\n    ${d.text}`).join('') : '';
  return `${head}\n    top: ${top.join(', ')}${words}`;
}

function historyWords(h: NonNullable<ScoredFile['history']>, total: number): string {
  const meets =
    total === 0 ? 'and no input hours' : h.gapHours === undefined ? 'taken in the order given (a time does not parse)' : h.gapHours === 0 ? 'just before the input' : `ending ${h.gapHours} h before the input begins`;
  return `after ${h.rows} hours of history from ${h.file}, ${meets}`;
}

/** `civgraph score`: scores each row of a CSV with a model and explains it with TreeSHAP. */
export const scoreCommand: CommandModule = {
  register(program, runtime) {
    program
      .command('score')
      .description('score the rows of a CSV file with a model, with SHAP explanations')
      .requiredOption('--model <file>', 'CivGraph model file or XGBoost JSON model')
      .requiredOption('--input <file>', 'CSV file with the model\'s feature columns')
      .option('--top <n>', 'contributions to show per row', '5')
      .option('--alerts-only', 'report (and explain) the flagged rows only')
      .option('--history <file>', 'BATADAL models: the hours just before --input, read for the rolling windows, CUSUMs, replay check and alarm hold, not reported')
      .option('--json', 'print one JSON object with every reported row')
      .action((opts: ScoreOptions) =>
        runtime.run(async () => {
          const { cwd } = runtime.io;
          const top = Number(opts.top);
          if (!Number.isInteger(top) || top < 1) throw new EngineError('CG_ARGUMENT_INVALID', `--top must be a positive integer, got ${opts.top}`);
          const { model, version } = readModel(resolve(cwd, opts.model));
          const history = opts.history === undefined ? {} : { history: resolve(cwd, opts.history) };
          const scored = scoreCsv(model, resolve(cwd, opts.input), { top, alertsOnly: opts.alertsOnly === true, ...history });
          const { rows, total, alerts, policy } = scored;
          if (opts.json) {
            printJson(runtime.io, { model: { kind: model.kind, version, threshold: model.threshold, ...(policy ? { policy } : {}) }, total, alerts, ...(scored.history ? { history: scored.history } : {}), rows });
            return;
          }
          if (rows.length > 0) runtime.io.out(`${rows.map(rowLine).join('\n')}\n`);
          const how = policy
            ? `alarm policy: ${describeAlarmPolicy(policy)}`
            : `threshold ${model.threshold}`;
          runtime.io.err(`${total} rows, ${alerts} alerts (model ${version}; ${how}${scored.history ? `; ${historyWords(scored.history, total)}` : ''})\n`);
        }),
      );
  },
};
