// CPU accounting from /proc: the CPU time one process used (so a server's cost per request can be
// compared even when other work shares the machine) and how busy the whole machine is (to wait
// for a quiet moment before measuring, and to say how noisy it was).
import fs from 'node:fs';
import os from 'node:os';

/** Linux reports process times in clock ticks; 100 per second on every common kernel configuration. */
const CLK_TCK = 100;

/** User + system CPU milliseconds the process has used so far. */
export function processCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / CLK_TCK;
}

export interface MachineCpu {
  busy: number;
  total: number;
}

export function machineCpu(): MachineCpu {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = v[3] + (v[4] ?? 0); // idle + iowait
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** Share (0..1) of all cores that was busy between two readings. */
export function busyShare(a: MachineCpu, b: MachineCpu): number {
  const total = b.total - a.total;
  return total > 0 ? (b.busy - a.busy) / total : 0;
}

/**
 * Waits until the machine is quiet — under `threshold` of all cores busy over a 3 s window — so
 * other people's builds and tests do not land in the measurement. Gives up after maxWaitMs and
 * returns the last reading, which the results record.
 */
export async function waitForQuiet(threshold: number, maxWaitMs: number, log: (m: string) => void): Promise<number> {
  const deadline = Date.now() + maxWaitMs;
  let said = false;
  for (;;) {
    const a = machineCpu();
    await new Promise((r) => setTimeout(r, 3000));
    const share = busyShare(a, machineCpu());
    if (share < threshold || Date.now() >= deadline) {
      if (share >= threshold) log(`  the machine is still ${(share * 100).toFixed(0)} % busy with other work; measuring anyway`);
      return share;
    }
    if (!said) {
      log(`  waiting for other work on the machine to finish (${(share * 100).toFixed(0)} % of ${os.availableParallelism()} cores busy, load average ${os.loadavg()[0].toFixed(1)})…`);
      said = true;
    }
  }
}

export interface Cost {
  /** Server CPU (user + system) per 2xx answer, microseconds: robust to other work on the machine. */
  serverCpuUsPerOk: number;
  /** The load client's own CPU per answer, microseconds. */
  clientCpuUsPerOk: number;
  /**
   * Share of all cores busy with anything but the server and the client, in the worst round: other
   * people's work on a shared machine, and on PostgreSQL the database itself.
   */
  otherCpuShareMax: number;
}

/** /proc/stat counts in USER_HZ ticks. */
const TICK_MS = 1000 / CLK_TCK;

/** Adds up, over a side's rounds, the CPU its server and the client used and the answers they got. */
export class CostMeter {
  private serverMs = 0;
  private clientMs = 0;
  private ok = 0;
  private otherMax = 0;

  async measure<T>(pid: number, fn: () => Promise<T>, okOf: (r: T) => number): Promise<T> {
    const s0 = processCpuMs(pid);
    const c0 = process.cpuUsage();
    const m0 = machineCpu();
    const r = await fn();
    const c = process.cpuUsage(c0);
    const m1 = machineCpu();
    const serverMs = processCpuMs(pid) - s0;
    const clientMs = (c.user + c.system) / 1000;
    const totalMs = (m1.total - m0.total) * TICK_MS;
    const otherMs = (m1.busy - m0.busy) * TICK_MS - serverMs - clientMs;
    if (totalMs > 0) this.otherMax = Math.max(this.otherMax, Math.max(0, otherMs) / totalMs);
    this.serverMs += serverMs;
    this.clientMs += clientMs;
    this.ok += okOf(r);
    return r;
  }

  result(): Cost {
    const per = (ms: number) => (this.ok ? Math.round((ms * 1000) / this.ok) : NaN);
    return { serverCpuUsPerOk: per(this.serverMs), clientCpuUsPerOk: per(this.clientMs), otherCpuShareMax: Math.round(this.otherMax * 100) / 100 };
  }
}

/** CPU ms of every process now, by pid, with its command line (cut short). */
function allProcesses(): Map<number, { ms: number; name: string }> {
  const out = new Map<number, { ms: number; name: string }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const pid = Number(entry);
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      const name = cmd.length ? cmd.map((a) => a.replace(/^.*\/node_modules\//, '').replace(/^\/work\/[^ ]*?\/([^/]+\/[^/]+)$/, '$1')).join(' ').slice(0, 90) : entry;
      out.set(pid, { ms: processCpuMs(pid), name });
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/**
 * The processes other than `exclude` that used the most CPU over `windowMs`, as "12 % vitest run …":
 * what else the machine was doing when a scenario started, for the record.
 */
export async function otherWork(windowMs: number, exclude: number[], top = 4): Promise<string[]> {
  const a = allProcesses();
  await new Promise((r) => setTimeout(r, windowMs));
  const b = allProcesses();
  const used: { share: number; name: string }[] = [];
  for (const [pid, p] of b) {
    if (exclude.includes(pid) || pid === process.pid) continue;
    const before = a.get(pid)?.ms ?? 0;
    const share = (p.ms - before) / windowMs;
    if (share >= 0.02) used.push({ share, name: p.name });
  }
  return used
    .sort((x, y) => y.share - x.share)
    .slice(0, top)
    .map((u) => `${Math.round(u.share * 100)} % ${u.name}`);
}

/** CPU ms used so far by the PostgreSQL backends connected to one database (their titles name it). */
export function pgBackendsCpuMs(database: string): number {
  let ms = 0;
  for (const [, p] of allProcesses()) if (p.name.startsWith('postgres: ') && p.name.includes(` ${database} `)) ms += p.ms;
  return ms;
}
