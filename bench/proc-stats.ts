/**
 * CPU time of processes and threads from /proc, the load average and integer environment knobs —
 * what the benchmarks report beside wall time (CPU figures stay meaningful on a shared machine).
 * Linux only: elsewhere the readers return NaN or 0 as each says.
 */
import { readdirSync, readFileSync } from 'node:fs';

const JIT_THREAD = /^(C1|C2) CompilerThre/;
const GC_THREAD = /^(GC Thread|G1 |VM Thread)/;

export interface CpuSplit {
  readonly jit: number;
  readonly other: number;
  /** Garbage collector and VM threads (part of `other`). */
  readonly gc: number;
}

/** The fields of a /proc stat line after the command name (field 3 of proc(5) is index 0). */
function statFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** utime + stime of a /proc stat line, seconds (100 ticks per second). */
function ticks(stat: string): number {
  const fields = statFields(stat);
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds of a process split into JIT compiler threads and the rest; NaN elsewhere. */
export function processCpuSplit(pid: number): CpuSplit {
  let jit = 0;
  let other = 0;
  let gc = 0;
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (JIT_THREAD.test(name)) jit += ticks(stat);
      else other += ticks(stat);
      if (GC_THREAD.test(name)) gc += ticks(stat);
    }
  } catch {
    return { jit: Number.NaN, other: Number.NaN, gc: Number.NaN };
  }
  return { jit, other, gc };
}

/** CPU seconds (user + system) a process has used; NaN elsewhere. */
export function processCpuSeconds(pid: number): number {
  try {
    return ticks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return Number.NaN;
  }
}

/** CPU ms (user + system) of the first process whose command line contains `marker` (e.g. a broker's directory); 0 elsewhere. */
export function processCpuMsByCmdline(marker: string): number {
  let dirs: string[];
  try {
    dirs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return 0;
  }
  for (const pid of dirs) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) continue;
      return ticks(readFileSync(`/proc/${pid}/stat`, 'utf8')) * 1000;
    } catch {
      continue;
    }
  }
  return 0;
}

/** CPU ms (user + system) of this process's main thread — the event loop's; 0 elsewhere. */
export function mainThreadCpuMs(): number {
  try {
    return ticks(readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')) * 1000;
  } catch {
    return 0;
  }
}

/** CPU seconds of this process's reaped children (cutime + cstime); NaN elsewhere. */
export function childrenCpuSeconds(): number {
  try {
    const fields = statFields(readFileSync('/proc/self/stat', 'utf8'));
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** The 1, 5 and 15-minute load averages as /proc/loadavg prints them; 'unknown' elsewhere. */
export function readLoad(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}

/** A positive integer from the environment, else `fallback`. */
export function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
