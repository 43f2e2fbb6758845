// Cross-instance messages: in-process on SQLite (one instance), LISTEN/NOTIFY on PostgreSQL, so a
// notification created through one instance reaches a browser connected to another.
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export type PubSubHandler = (message: any) => void;

/** Emitted locally after the listening connection was lost and is back: messages may have been missed. */
export const RESYNC_CHANNEL = 'pubsub.resync';

export interface PubSub {
  /**
   * Publishes to every instance. Pass the caller's transaction as `exec` when inside one: on
   * PostgreSQL the message is then sent at commit (and dropped on rollback), so a listener that
   * reacts by reading the database sees the change.
   */
  publish(channel: string, message: unknown, exec?: Kysely<DB>): Promise<void>;
  subscribe(channel: string, handler: PubSubHandler): () => void;
  /** Local subscribers of a channel (what a leak check counts). */
  listeners(channel: string): number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export class LocalPubSub implements PubSub {
  private emitter = new EventEmitter().setMaxListeners(0);
  async publish(channel: string, message: unknown) {
    // One process: a listener's read on SQLite's single connection queues behind the open
    // transaction, so it sees the change once that commits.
    this.emitter.emit(channel, message);
  }
  subscribe(channel: string, handler: PubSubHandler) {
    this.emitter.on(channel, handler);
    return () => this.emitter.off(channel, handler);
  }
  listeners(channel: string) {
    return this.emitter.listenerCount(channel);
  }
  async start() {}
  async stop() {}
}

const PG_CHANNEL = 'zongban_events';

export class PgPubSub implements PubSub {
  private emitter = new EventEmitter().setMaxListeners(0);
  private client: pg.Client | null = null;
  private stopped = false;
  private everConnected = false;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly connectionString: string,
    private readonly log: (msg: string, err?: unknown) => void = () => {},
  ) {}

  async publish(channel: string, message: unknown, exec?: Kysely<DB>) {
    // NOTIFY payloads are limited to 8000 bytes; messages carry ids, not content.
    const payload = JSON.stringify({ channel, message });
    if (exec) await sql`select pg_notify(${PG_CHANNEL}, ${payload})`.execute(exec);
    else await this.pool.query('select pg_notify($1, $2)', [PG_CHANNEL, payload]);
  }

  subscribe(channel: string, handler: PubSubHandler) {
    this.emitter.on(channel, handler);
    return () => this.emitter.off(channel, handler);
  }
  listeners(channel: string) {
    return this.emitter.listenerCount(channel);
  }

  async start() {
    this.stopped = false;
    await this.connect();
  }

  private async connect() {
    const client = new pg.Client({ connectionString: this.connectionString, application_name: 'zongban-listen' });
    client.on('notification', (n) => {
      try {
        const { channel, message } = JSON.parse(n.payload ?? '{}');
        this.emitter.emit(channel, message);
      } catch (err) {
        this.log('bad notification payload', err);
      }
    });
    const lost = (err?: unknown) => {
      if (this.stopped) return;
      if (err) this.log('listen connection lost; reconnecting', err);
      if (this.client === client) this.client = null;
      client.end().catch(() => {});
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    await client.query(`listen ${PG_CHANNEL}`);
    const reconnected = this.everConnected;
    this.client = client;
    this.everConnected = true;
    if (reconnected) this.emitter.emit(RESYNC_CHANNEL, {});
  }

  private scheduleReconnect() {
    if (this.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().catch((err) => {
        this.log('reconnect failed', err);
        this.scheduleReconnect();
      });
    }, 1000);
  }

  async stop() {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    await this.client?.end().catch(() => {});
    this.client = null;
  }
}
