import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import type { MachineInfo } from './report';

/** The soft limit of open files of this process (sockets count), from /proc or `ulimit -n`. */
export const openFilesLimit = (): number | null => {
  try {
    const limits = fs.readFileSync('/proc/self/limits', 'utf8');
    const line = limits.split('\n').find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    if (soft) return soft === 'unlimited' ? Number.POSITIVE_INFINITY : Number(soft);
  } catch {
    // not Linux: ask the shell
  }
  try {
    const out = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    return out === 'unlimited' ? Number.POSITIVE_INFINITY : Number(out);
  } catch {
    return null;
  }
};

export const machineInfo = (): MachineInfo => ({
  cores: os.availableParallelism(),
  cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
  memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
  node: process.version,
  platform: `${os.type()} ${os.release()}`,
  openFilesLimit: String(openFilesLimit() ?? 'unknown'),
});

/** Resident set size of a process in MiB (VmRSS of /proc/<pid>/status), or NaN. */
export const rssMiB = (pid: number): number => {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
    return kib / 1024;
  } catch {
    return Number.NaN;
  }
};

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat. */
export const cpuTimeMs = (pid: number): number => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks / 100) * 1000; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
};
