import type { CommandModule } from '../runtime.js';
import { demoCommand } from './demo.js';

/** Every CLI command, in the order `civgraph --help` lists them. */
export const COMMANDS: readonly CommandModule[] = [demoCommand];
