#!/usr/bin/env node
// Thin launcher for the compiled CLI; run `npm run build` first (npm run demo does).
// graphql-js skips its development-only cross-realm checks (about 20 % of a large riskGraph's CPU)
// when NODE_ENV is production; a user's explicit NODE_ENV wins. Set before graphql is imported.
process.env.NODE_ENV ??= 'production';
const { main } = await import('../dist/cli/main.js');

process.exitCode = await main(process.argv);
