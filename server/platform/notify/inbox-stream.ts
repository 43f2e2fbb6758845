// The live inbox: server-sent events telling a browser that its unread count changed. Only the
// count travels, never a title, so nothing the person may not read can pass through the stream.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../access/actor.js';
import { SESSION_COOKIE } from '../auth/auth.service.js';
import type { AppContext } from '../context.js';
import { NOTIFY_CHANNEL } from './notification.service.js';
import { RESYNC_CHANNEL } from './pubsub.js';

/** More open tabs than this per person and instance: the oldest stream is closed (it reconnects if still wanted). */
const MAX_STREAMS_PER_PERSON = 16;

interface Stream {
  personId: string;
  openedAt: number;
  end(reason: string): void;
}

export class InboxStreams {
  private open = new Set<Stream>();

  constructor(private readonly ctx: AppContext) {}

  attach(req: FastifyRequest, reply: FastifyReply): void {
    const { ctx } = this;
    let actor: Actor = req.actor!;
    const cookie = req.cookies[SESSION_COOKIE];
    const auth = req.headers.authorization;
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    const ip = req.ip;

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    let closed = false;
    const write = (chunk: string) => {
      if (!closed && !res.writableEnded && !res.destroyed) res.write(chunk);
    };

    // Coalesces bursts: one count query in flight, one more afterwards if anything changed meanwhile.
    let busy = false;
    let dirty = false;
    const refresh = async () => {
      if (busy) {
        dirty = true;
        return;
      }
      busy = true;
      try {
        do {
          dirty = false;
          const unread = await ctx.notify.unreadCount(actor);
          write(`event: unread\ndata: ${JSON.stringify({ unread })}\n\n`);
        } while (dirty && !closed);
      } catch (err) {
        req.log.warn({ err }, 'inbox stream: unread count failed');
      } finally {
        busy = false;
      }
    };

    // The heartbeat keeps proxies from closing the stream and re-checks the session without
    // touching it: after log-out, disabling or expiry the stream ends, and the reconnect gets 401.
    const heartbeat = async () => {
      try {
        const principal = await ctx.auth.resolve(cookie, bearer, ip, { touch: false });
        if (!principal || principal.actor.id !== actor.id) return stream.end('session_ended');
        actor = principal.actor; // a changed clearance counts from now on
        write(': ping\n\n');
      } catch (err) {
        req.log.warn({ err }, 'inbox stream: session check failed');
      }
    };

    const offNotify = ctx.pubsub.subscribe(NOTIFY_CHANNEL, (m: { personId?: string }) => {
      if (m?.personId === actor.id) void refresh();
    });
    const offResync = ctx.pubsub.subscribe(RESYNC_CHANNEL, () => void refresh());
    const timer = setInterval(() => void heartbeat(), ctx.config.sseHeartbeatMs);

    const cleanup = () => {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      offNotify();
      offResync();
      this.open.delete(stream);
    };
    const stream: Stream = {
      personId: actor.id,
      openedAt: Date.now(),
      end: (reason: string) => {
        write(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
        cleanup();
        res.end();
      },
    };
    // The response's close, not the request's: the latter may fire once a request is read.
    res.on('close', cleanup);
    res.on('error', cleanup);

    this.open.add(stream);
    const mine = [...this.open].filter((s) => s.personId === actor.id);
    if (mine.length > MAX_STREAMS_PER_PERSON) mine.sort((a, b) => a.openedAt - b.openedAt)[0].end('too_many_streams');

    write(`retry: 5000\n\n`);
    void refresh();
  }

  /** Ends every stream, so that closing the server does not wait for browsers to hang up. */
  closeAll() {
    for (const s of [...this.open]) s.end('server_closing');
  }
}
