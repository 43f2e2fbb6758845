// Cross-instance messages: in-process on SQLite (one instance), LISTEN/NOTIFY on PostgreSQL, so a
// notification created through one instance reaches a browser connected to another.
import { EventEmitter } from 'node:events';
import pg from 'pg';

export type PubSubHandler = (message: any) => void;

export interface PubSub {
  publish(channel: string, message: unknown): Promise<void>;
  subscribe(channel: string, handler: PubSubHandler): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export class LocalPubSub implements PubSub {
  private emitter = new EventEmitter().setMaxListeners(0);
  async publish(channel: string, message: unknown) {
    this.emitter.emit(channel, message);
  }
  subscribe(channel: string, handler: PubSubHandler) {
    this.emitter.on(channel, handler);
    return () => this.emitter.off(channel, handler);
  }
  async start() {}
  async stop() {}
}

const PG_CHANNEL = 'zongban_events';

export class PgPubSub implements PubSub {
  private emitter = new EventEmitter().setMaxListeners(0);
  private client: pg.Client | null = null;
  private stopped = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly connectionString: string,
    private readonly log: (msg: string, err?: unknown) => void = () => {},
  ) {}

  async publish(channel: string, message: unknown) {
    // NOTIFY payloads are limited to 8000 bytes; messages carry ids, not content.
    await this.pool.query('select pg_notify($1, $2)', [PG_CHANNEL, JSON.stringify({ channel, message })]);
  }

  subscribe(channel: string, handler: PubSubHandler) {
    this.emitter.on(channel, handler);
    return () => this.emitter.off(channel, handler);
  }

  async start() {
    this.stopped = false;
    await this.connect();
  }

  private async connect() {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', (n) => {
      try {
        const { channel, message } = JSON.parse(n.payload ?? '{}');
        this.emitter.emit(channel, message);
      } catch (err) {
        this.log('bad notification payload', err);
      }
    });
    client.on('error', (err) => {
      this.log('listen connection lost; reconnecting', err);
      this.client = null;
      if (!this.stopped) setTimeout(() => this.connect().catch((e) => this.log('reconnect failed', e)), 1000);
    });
    await client.connect();
    await client.query(`listen ${PG_CHANNEL}`);
    this.client = client;
  }

  async stop() {
    this.stopped = true;
    await this.client?.end().catch(() => {});
    this.client = null;
  }
}
