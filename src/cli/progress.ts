import type { CliIO } from './io.js';

/** A progress reporter for long work; draws a bar on a terminal, one line otherwise. */
export interface Progress {
  update(done: number): void;
  finish(summary?: string): void;
}

const WIDTH = 28;

function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/**
 * Creates a progress bar on stderr. Redraws at most every 100 ms so it costs
 * nothing in hot loops; when stderr is not a terminal it prints only the final
 * line, keeping logs readable.
 */
export function createProgress(io: CliIO, label: string, total: number, enabled = true): Progress {
  const started = Date.now();
  let lastDraw = 0;
  let current = 0;
  const draw = (final: boolean, summary?: string): void => {
    const ratio = total > 0 ? Math.min(1, current / total) : 1;
    const filled = Math.round(ratio * WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const tail = summary ?? `${formatCount(current)}/${formatCount(total)}`;
    const line = `  ${label.padEnd(24)} ${bar} ${String(Math.round(ratio * 100)).padStart(3)}%  ${tail}  ${seconds}s`;
    if (io.interactive) io.err(`\r${line}${final ? '\n' : ''}`);
    else if (final) io.err(`${line}\n`);
  };
  return {
    update(done) {
      current = done;
      if (!enabled || !io.interactive) return;
      const now = Date.now();
      if (now - lastDraw < 100) return;
      lastDraw = now;
      draw(false);
    },
    finish(summary) {
      current = total;
      if (enabled) draw(true, summary);
    },
  };
}
