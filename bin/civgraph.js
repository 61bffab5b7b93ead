#!/usr/bin/env node
// Thin launcher for the compiled CLI; run `npm run build` first (npm run demo does).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
