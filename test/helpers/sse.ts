// A browser-like server-sent-events client over real HTTP: fetch with the session cookie and a
// streaming body reader, parsed into events, so tests can wait for the event they expect.
import type { Client } from './server.js';
import { waitUntil } from './wait.js';

export interface SseEvent {
  event: string;
  data: any;
  at: number;
}

export interface EventStream {
  status: number;
  events: SseEvent[];
  /** Everything received, comments included (what a leak check reads). */
  text(): string;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  isEnded(): boolean;
  /** The first event from index `from` on that matches (pass `events.length` to wait for a new one). */
  waitFor(match: (e: SseEvent) => boolean, what: string, ms?: number, from?: number): Promise<SseEvent>;
  close(): Promise<void>;
}

export async function openEventStream(client: Client, path = '/api/v1/notifications/stream'): Promise<EventStream> {
  const abort = new AbortController();
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (client.cookie) headers.cookie = client.cookie;
  if (client.bearer) headers.authorization = `Bearer ${client.bearer}`;
  const res = await fetch(client.base + path, { headers, signal: abort.signal });
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  let raw = '';
  let ended = false;
  let markEnded!: () => void;
  const endedPromise = new Promise<void>((r) => (markEnded = r));
  const finish = () => {
    ended = true;
    markEnded();
    waiters.forEach((w) => w());
  };

  if (!res.body || res.status !== 200) {
    raw = await res.text().catch(() => '');
    finish();
  } else {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          raw += value;
          buffer += value;
          let sep: number;
          while ((sep = buffer.search(/\r?\n\r?\n/)) >= 0) {
            const block = buffer.slice(0, sep);
            buffer = buffer.slice(sep).replace(/^\r?\n\r?\n/, '');
            let event = 'message';
            const data: string[] = [];
            for (const line of block.split(/\r?\n/)) {
              if (line.startsWith('event:')) event = line.slice(6).trim();
              else if (line.startsWith('data:')) data.push(line.slice(5).trim());
            }
            if (data.length === 0) continue; // a comment (heartbeat) or retry hint
            let parsed: unknown = data.join('\n');
            try {
              parsed = JSON.parse(parsed as string);
            } catch {
              /* plain text */
            }
            events.push({ event, data: parsed, at: Date.now() });
            waiters.forEach((w) => w());
          }
        }
      } catch {
        /* aborted or reset */
      }
      finish();
    })();
  }

  return {
    status: res.status,
    events,
    text: () => raw,
    ended: endedPromise,
    isEnded: () => ended,
    async waitFor(match, what, ms = 15_000, from = 0) {
      let found: SseEvent | undefined;
      await waitUntil(what, () => (found = events.find((e, i) => i >= from && match(e))) !== undefined, ms, waiters);
      return found!;
    },
    async close() {
      abort.abort();
      await endedPromise;
    },
  };
}
