import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option } from 'commander';
import { EngineError, formatDiagnostic, type Diagnostic } from '../../core/index.js';
import { projectionDirectory, readEventLines, replayEvents, DEFAULT_PARTITIONS, DEFAULT_TOPIC_PREFIX, type LiveEvent } from '../../pipeline/index.js';
import { projectionFromBatches } from '../../risk/index.js';
import { SCENARIO_NAMES, generateCity, indexCity, runScenario } from '../../sim/index.js';
import { printJson } from '../io.js';
import { createProgress } from '../progress.js';
import { wholeNumber, type CommandModule } from '../runtime.js';

interface ReplayFlags {
  readonly scenario?: string;
  readonly mqtt: string;
  readonly rate: string;
  readonly batch: string;
  readonly devices: string;
  readonly seed: string;
  readonly hours: string;
  readonly partitions: string;
  readonly prefix: string;
  readonly json?: boolean;
}

/** The events to publish and the device groups (partition keys) of the simulated city. */
async function loadStream(file: string | undefined, flags: ReplayFlags, cwd: string): Promise<{ events: LiveEvent[]; diagnostics: Diagnostic[]; groupOf: (id: string) => string | undefined }> {
  const seed = wholeNumber('seed', flags.seed, 0, 2 ** 31 - 1);
  const city = generateCity({ devices: wholeNumber('devices', flags.devices, 500, 5_000_000), seed });
  const directory = projectionDirectory(projectionFromBatches(city.batches()));
  const groupOf = (id: string): string | undefined => directory(id)?.group;
  if (flags.scenario !== undefined) {
    const run = runScenario({ city: indexCity(city), name: flags.scenario, seed, hours: wholeNumber('hours', flags.hours, 1, 24 * 30) });
    return { events: run.events.map((event) => ({ event })), diagnostics: [], groupOf };
  }
  if (file === undefined) throw new EngineError('CG_ARGUMENT_INVALID', 'civgraph replay needs a FILE (JSON Lines of events) or --scenario NAME');
  const path = resolve(cwd, file);
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new EngineError('CG_FILE_UNREADABLE', `cannot read ${file}`, { cause, details: { path } });
  });
  return { ...readEventLines(text, file, directory), groupOf };
}

/** `civgraph replay FILE|--scenario NAME --mqtt URL [--rate N] [--batch N] [--json]`: publishes a recorded or simulated stream (QoS 1), one event or a batch of N per message. */
export const replayCommand: CommandModule = {
  register(program, runtime) {
    program
      .command('replay [file]')
      .description('publish a recorded event stream (JSON Lines) or a simulated scenario to an MQTT broker, QoS 1')
      .addOption(new Option('--scenario <name>', 'simulate this scenario instead of reading a file').choices([...SCENARIO_NAMES]))
      .requiredOption('--mqtt <url>', 'broker URL, e.g. mqtt://127.0.0.1:1883')
      .option('--rate <n>', 'events per second (0: as fast as the broker acknowledges)', '0')
      .option('--batch <n>', 'events per MQTT message: above 1, a JSON array per partition (city/p<n>/batch/event)', '1')
      .option('--devices <n>', 'size of the simulated city (scenario, and device groups for partitioning)', '2500')
      .option('--seed <n>', 'seed of the simulated city and scenario', '1')
      .option('--hours <n>', 'hours of simulated telemetry (--scenario)', '6')
      .option('--partitions <n>', 'topic partitions (city/p<n>/...)', String(DEFAULT_PARTITIONS))
      .option('--prefix <topic>', 'first topic level', DEFAULT_TOPIC_PREFIX)
      .option('--json', 'print one JSON object on stdout')
      .action((file: string | undefined, flags: ReplayFlags) =>
        runtime.run(async () => {
          const { events, diagnostics, groupOf } = await loadStream(file, flags, runtime.io.cwd);
          for (const d of diagnostics) runtime.io.err(`civgraph: ${formatDiagnostic(d)}\n`);
          const progress = createProgress(runtime.io, 'Publishing', events.length, !flags.json && runtime.io.interactive);
          const report = await replayEvents({
            url: flags.mqtt, events, groupOf, rate: wholeNumber('rate', flags.rate, 0, 10_000_000), batch: wholeNumber('batch', flags.batch, 1, 10_000),
            partitions: wholeNumber('partitions', flags.partitions, 1, 4096), prefix: flags.prefix, onProgress: (n) => progress.update(n),
          });
          progress.finish(`${report.published.toLocaleString('en-US')} events`);
          const result = { published: report.published, messages: report.messages, skipped: diagnostics.length, ms: Math.round(report.ms), eventsPerSecond: Math.round(report.eventsPerSecond), diagnostics };
          if (flags.json) printJson(runtime.io, result);
          else runtime.io.out(`Published ${result.published} events${result.messages === result.published ? '' : ` in ${result.messages} messages`} in ${result.ms} ms (${result.eventsPerSecond}/s) to ${flags.mqtt}${result.skipped > 0 ? `; ${result.skipped} lines skipped` : ''}\n`);
        }),
      );
  },
};
