/**
 * A real Mosquitto (Debian package, /usr/sbin/mosquitto) for the live-loop
 * integration tests: a free loopback port, a temp directory with its config
 * and persistence file, stop with SIGTERM (Mosquitto writes its persistence
 * database on a clean shutdown, so a restart on the same directory keeps
 * persistent sessions and their queued QoS 1 messages).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const MOSQUITTO_BINARY = process.env['MOSQUITTO_BIN'] ?? '/usr/sbin/mosquitto';

export interface Mosquitto {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** Stops (SIGTERM, waits for exit) and starts again on the same port and persistence. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** Stops and removes the temp directory. */
  dispose(): Promise<void>;
  /** Everything the broker printed (for failure messages). */
  output(): string;
}

export function mosquittoAvailable(): boolean {
  return existsSync(MOSQUITTO_BINARY);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`mosquitto did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Config: loopback only, anonymous, persistence on, no limit on queued QoS 1 messages per session. */
function config(port: number, dir: string): string {
  return [
    `listener ${port} 127.0.0.1`,
    'allow_anonymous true',
    // Run as root, Mosquitto drops to user "mosquitto", which cannot write the temp persistence directory.
    `user ${userInfo().username}`,
    'persistence true',
    `persistence_location ${dir}/`,
    'autosave_interval 1',
    'max_queued_messages 0',
    'max_inflight_messages 0',
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'log_type notice',
    '',
  ].join('\n');
}

/** Starts a broker; `dispose()` it in afterAll. */
export async function startMosquitto(): Promise<Mosquitto> {
  const dir = mkdtempSync(join(tmpdir(), 'civgraph-mosquitto-'));
  const port = await freePort();
  const file = join(dir, 'mosquitto.conf');
  writeFileSync(file, config(port, dir));
  let child: ChildProcess | undefined;
  let log = '';
  const start = async (): Promise<void> => {
    const proc = spawn(MOSQUITTO_BINARY, ['-c', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout?.on('data', (d: Buffer) => { log += d.toString(); });
    proc.stderr?.on('data', (d: Buffer) => { log += d.toString(); });
    child = proc;
    // A test process that dies before dispose() must not leave the broker running.
    const reap = (): void => void proc.kill('SIGKILL');
    process.once('exit', reap);
    proc.once('exit', () => process.off('exit', reap));
    await waitForPort(port, 10_000);
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (proc === undefined || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  };
  await start();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    dir,
    async restart() {
      await stop();
      await start();
    },
    stop,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    output: () => log,
  };
}
