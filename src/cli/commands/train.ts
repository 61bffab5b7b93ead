import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option } from 'commander';
import { EngineError } from '../../core/index.js';
import {
  evaluateBatadal,
  evaluateTonIotDevice,
  listTonIotDevices,
  modelVersion,
  readBatadalFolder,
  serializeModel,
  type ScoringModel,
} from '../../scoring/index.js';
import { printJson, type CliIO } from '../io.js';
import type { CommandModule } from '../runtime.js';

interface TrainOptions {
  readonly dataset: string;
  readonly data: string;
  readonly out: string;
  readonly device?: string;
  readonly json?: boolean;
}

function trainBatadal(io: CliIO, opts: TrainOptions): ScoringModel {
  io.err('training the BATADAL detector (training sets 1 and 2)…\n');
  return evaluateBatadal(readBatadalFolder(opts.data)).model;
}

function trainTonIot(io: CliIO, opts: TrainOptions): ScoringModel {
  const devices = listTonIotDevices(opts.data);
  const found = devices.find((d) => d.device === opts.device);
  if (!found) {
    throw new EngineError('CG_ARGUMENT_INVALID', `--device must name one of: ${devices.map((d) => d.device).join(', ')}`, {
      details: { device: opts.device ?? null },
    });
  }
  io.err(`training the TON_IoT ${found.device} detector…\n`);
  return evaluateTonIotDevice(found.train).model;
}

const TRAINERS: Readonly<Record<string, (io: CliIO, opts: TrainOptions) => ScoringModel>> = {
  batadal: trainBatadal,
  'ton-iot': trainTonIot,
};

/** `civgraph train`: fits a detector on a dataset and writes a content-hashed model file. */
export const trainCommand: CommandModule = {
  register(program, runtime) {
    program
      .command('train')
      .description('train a detector on a dataset and write the model file')
      .addOption(new Option('--dataset <name>', 'dataset to train on').choices(['batadal', 'ton-iot']).makeOptionMandatory())
      .requiredOption('--data <dir>', 'dataset folder')
      .requiredOption('--out <file>', 'model file to write (JSON)')
      .option('--device <name>', 'TON_IoT: the device to train (e.g. Weather)')
      .option('--json', 'print one JSON object describing the model')
      .action((opts: TrainOptions) =>
        runtime.run(async () => {
          const { cwd } = runtime.io;
          const resolved = { ...opts, data: resolve(cwd, opts.data), out: resolve(cwd, opts.out) };
          const model = (TRAINERS[opts.dataset] as (io: CliIO, o: TrainOptions) => ScoringModel)(runtime.io, resolved);
          try {
            writeFileSync(resolved.out, serializeModel(model));
          } catch (cause) {
            throw new EngineError('CG_FILE_UNWRITABLE', `cannot write ${resolved.out}`, { cause, details: { file: resolved.out } });
          }
          const summary = { out: resolved.out, version: modelVersion(model), kind: model.kind, trees: model.ensemble.trees.length, features: model.ensemble.featureNames.length, metadata: { ...model.metadata, normalModel: undefined } };
          if (opts.json) printJson(runtime.io, summary);
          else runtime.io.out(`wrote ${summary.out} (version ${summary.version}, ${summary.kind}, ${summary.trees} trees over ${summary.features} features)\n`);
        }),
      );
  },
};
