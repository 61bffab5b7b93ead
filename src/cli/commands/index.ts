import type { CommandModule } from '../runtime.js';
import { auditCommand } from './audit.js';
import { blastRadiusCommand } from './blast-radius.js';
import { chokePointsCommand } from './choke-points.js';
import { demoCommand } from './demo.js';
import { evaluateCommand } from './evaluate.js';
import { explainCommand } from './explain.js';
import { exportCommand } from './export.js';
import { ingestCommand } from './ingest.js';
import { neo4jImportCommand } from './neo4j-import.js';
import { pathsCommand } from './paths.js';
import { policyCommand } from './policy.js';
import { replayCommand } from './replay.js';
import { scoreCommand } from './score.js';
import { serveCommand } from './serve.js';
import { simulateCommand } from './simulate.js';
import { trainCommand } from './train.js';

/** Every CLI command, in the order `civgraph --help` lists them. */
export const COMMANDS: readonly CommandModule[] = [
  demoCommand,
  serveCommand,
  ingestCommand,
  exportCommand,
  neo4jImportCommand,
  pathsCommand,
  blastRadiusCommand,
  chokePointsCommand,
  simulateCommand,
  trainCommand,
  scoreCommand,
  evaluateCommand,
  policyCommand,
  explainCommand,
  auditCommand,
  replayCommand,
];
