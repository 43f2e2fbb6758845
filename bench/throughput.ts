// Throughput at saturation: autocannon with many keep-alive connections, each request carrying
// the next bench user's session cookie (rotating), counting only 2xx answers.
import autocannon from 'autocannon';
import type { OutgoingRequest } from './open-loop.js';

export interface ThroughputOptions {
  port: number;
  connections: number;
  seconds: number;
  /** A request unanswered this long counts as an error (10 s when absent). */
  timeoutSeconds?: number;
  request(n: number): OutgoingRequest;
}

export interface ThroughputRound {
  seconds: number;
  ok: number;
  /** Non-2xx answers, socket errors and timeouts. */
  errors: number;
  /** autocannon's closed-loop latency at saturation (ms): mostly queueing, not service time. */
  latencyP50: number;
  latencyP99: number;
}

export interface ThroughputResult {
  connections: number;
  seconds: number;
  /** 2xx answers per second over all rounds. */
  rps: number;
  /** Each round's 2xx answers per second, to show how steady the figure was. */
  roundsRps: number[];
  ok: number;
  errors: number;
  latencyP50: number;
  latencyP99: number;
}

export async function throughput(opts: ThroughputOptions): Promise<ThroughputRound> {
  let n = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${opts.port}`,
    connections: opts.connections,
    duration: opts.seconds,
    timeout: opts.timeoutSeconds ?? 10,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => {
          const next = opts.request(n++);
          return { ...req, method: next.method ?? 'GET', path: next.path, headers: { ...req.headers, ...next.headers }, ...(next.body === undefined ? {} : { body: next.body }) };
        },
      },
    ],
  });
  return {
    seconds: result.duration,
    ok: result['2xx'],
    errors: result.errors + result.timeouts + result.non2xx,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
  };
}

const one = (n: number) => Math.round(n * 10) / 10;

export function summariseThroughput(connections: number, rounds: ThroughputRound[]): ThroughputResult {
  const seconds = rounds.reduce((s, r) => s + r.seconds, 0);
  const ok = rounds.reduce((s, r) => s + r.ok, 0);
  const sortedP50 = rounds.map((r) => r.latencyP50).sort((a, b) => a - b);
  return {
    connections,
    seconds: one(seconds),
    rps: one(ok / seconds),
    roundsRps: rounds.map((r) => one(r.ok / r.seconds)),
    ok,
    errors: rounds.reduce((s, r) => s + r.errors, 0),
    latencyP50: sortedP50[Math.floor(sortedP50.length / 2)],
    latencyP99: Math.max(...rounds.map((r) => r.latencyP99)),
  };
}
