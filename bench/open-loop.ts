// Open-loop latency client: sends request n at its scheduled time start + n/rate whether or not
// earlier answers came back, and measures each latency from that scheduled time. A server (or
// client) stall therefore shows up in the latencies of every request scheduled during it, instead
// of silently lowering the send rate as a closed-loop client does (coordinated omission).
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface OutgoingRequest {
  path: string;
  headers: Record<string, string>;
  /** GET when absent. */
  method?: 'GET' | 'POST';
  /** A write's JSON body (the headers carry its content type). */
  body?: string;
}

export interface OpenLoopOptions {
  port: number;
  host?: string;
  /** Requests per second. */
  rate: number;
  /** Sent on the same schedule before the measurement and not counted (JIT, caches, pools). */
  warmUpMs: number;
  durationMs: number;
  request(n: number): OutgoingRequest;
  /** A request still unanswered this long after its scheduled time counts as an error. */
  timeoutMs?: number;
  /** Upper bound of parallel keep-alive connections; a stall opens more, as a crowd of users would. */
  maxSockets?: number;
}

/** The raw outcome of one open-loop run; several runs (rounds) are summarised together. */
export interface LatencySamples {
  rate: number;
  seconds: number;
  /** Milliseconds from the scheduled send time to the last byte of each 2xx answer. */
  latencies: number[];
  /** Measured requests (the warm-up excluded). */
  requests: number;
  errors: number;
  /** 2xx answers including the warm-up: what the server's CPU time over the run is divided by. */
  okIncludingWarmUp: number;
  statusCounts: Record<string, number>;
  /** Worst lag of the client's own timer behind the schedule (ms): if large, the client was the bottleneck. */
  maxSendLag: number;
}

export interface LatencyResult {
  rate: number;
  seconds: number;
  requests: number;
  ok: number;
  /** Non-2xx answers, socket errors and timeouts among the measured requests. */
  errors: number;
  /** Milliseconds from the scheduled send time to the last byte of the answer. */
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
  maxSendLag: number;
  statusCounts: Record<string, number>;
}

export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function summariseLatency(parts: LatencySamples[]): LatencyResult {
  const values = Float64Array.from(parts.flatMap((p) => p.latencies)).sort();
  const statusCounts: Record<string, number> = {};
  for (const p of parts) for (const [k, v] of Object.entries(p.statusCounts)) statusCounts[k] = (statusCounts[k] ?? 0) + v;
  const sum = values.reduce((a, b) => a + b, 0);
  return {
    rate: parts[0]?.rate ?? 0,
    seconds: parts.reduce((n, p) => n + p.seconds, 0),
    requests: parts.reduce((n, p) => n + p.requests, 0),
    ok: values.length,
    errors: parts.reduce((n, p) => n + p.errors, 0),
    p50: round(percentile(values, 50)),
    p90: round(percentile(values, 90)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
    p999: round(percentile(values, 99.9)),
    max: round(values.length ? values[values.length - 1] : NaN),
    mean: round(values.length ? sum / values.length : NaN),
    maxSendLag: round(Math.max(...parts.map((p) => p.maxSendLag))),
    statusCounts,
  };
}

export async function openLoop(opts: OpenLoopOptions): Promise<LatencySamples> {
  const host = opts.host ?? '127.0.0.1';
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 256 });
  const interval = 1000 / opts.rate;
  const warmUp = Math.floor((opts.warmUpMs / 1000) * opts.rate);
  const total = warmUp + Math.floor((opts.durationMs / 1000) * opts.rate);
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  let errors = 0;
  let okAll = 0;
  let finished = 0;
  let maxSendLag = 0;

  return new Promise<LatencySamples>((resolve) => {
    const start = performance.now() + 10;
    let sent = 0;

    const done = (n: number, scheduled: number, status: string) => {
      finished++;
      if (status.startsWith('2')) okAll++;
      if (n >= warmUp) {
        statusCounts[status] = (statusCounts[status] ?? 0) + 1;
        if (status.startsWith('2')) latencies.push(performance.now() - scheduled);
        else errors++;
      }
      if (finished === total) {
        agent.destroy();
        resolve({ rate: opts.rate, seconds: opts.durationMs / 1000, latencies, requests: total - warmUp, errors, okIncludingWarmUp: okAll, statusCounts, maxSendLag });
      }
    };

    const fire = (n: number, scheduled: number) => {
      const { path, headers, method = 'GET', body } = opts.request(n);
      let settled = false;
      const settle = (status: string) => {
        if (settled) return;
        settled = true;
        done(n, scheduled, status);
      };
      const req = http.request({ host, port: opts.port, path, method, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent }, (res) => {
        res.on('data', () => {});
        res.on('end', () => settle(String(res.statusCode)));
        res.on('error', () => settle('error'));
      });
      req.setTimeout(timeoutMs, () => {
        req.destroy();
        settle('timeout');
      });
      req.on('error', () => settle('error'));
      req.end(body);
    };

    const tick = () => {
      const now = performance.now();
      while (sent < total) {
        const scheduled = start + sent * interval;
        if (scheduled > now) break;
        // Lag during the warm-up is the client's own start (JIT, first connections), not the server's doing.
        if (sent >= warmUp) maxSendLag = Math.max(maxSendLag, now - scheduled);
        fire(sent, scheduled);
        sent++;
      }
      if (sent < total) {
        const wait = start + sent * interval - performance.now();
        setTimeout(tick, Math.max(0, Math.floor(wait)));
      }
    };

    setTimeout(tick, 10);
  });
}
