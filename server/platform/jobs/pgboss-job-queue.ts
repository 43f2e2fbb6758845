import PgBoss from 'pg-boss';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { runExactlyOnce, type JobHandler, type JobQueue, type ScheduleOptions } from './job-queue.js';

/** pg-boss on PostgreSQL: several instances share the queue; SKIP LOCKED hands each job to one. */
export class PgBossJobQueue implements JobQueue {
  private handlers = new Map<string, JobHandler>();
  private boss: PgBoss;
  private started = false;

  constructor(
    private readonly db: Kysely<DB>,
    connectionString: string,
    private readonly opts: { pollSeconds: number; expireSeconds: number },
    private readonly log: (msg: string, err?: unknown) => void = () => {},
  ) {
    this.boss = new PgBoss({
      connectionString,
      schema: 'pgboss',
      max: 4,
      // A job whose worker died is expired after expireSeconds and retried by maintenance.
      maintenanceIntervalSeconds: Math.max(1, Math.min(60, opts.expireSeconds)),
    } as any);
    this.boss.on('error', (err: unknown) => this.log('pg-boss error', err));
  }

  register(name: string, handler: JobHandler) {
    this.handlers.set(name, handler);
  }

  async schedule(name: string, payload: Record<string, unknown>, opts: ScheduleOptions = {}) {
    if (!this.started) throw new Error('job queue not started');
    await this.boss.send(name, { ...payload, __key: opts.singletonKey ?? null }, {
      startAfter: opts.runAt,
      singletonKey: opts.singletonKey,
      retryLimit: (opts.maxAttempts ?? 5) - 1,
      retryDelay: 1,
      retryBackoff: true,
      expireInSeconds: this.opts.expireSeconds,
    });
  }

  async start() {
    await this.boss.start();
    this.started = true;
    for (const [name, handler] of this.handlers) {
      await this.boss.createQueue(name);
      await this.boss.work(name, { pollingIntervalSeconds: this.opts.pollSeconds, batchSize: 1 }, async (jobs) => {
        for (const job of jobs) {
          const data = job.data as Record<string, unknown>;
          await runExactlyOnce(this.db, (data.__key as string | null) ?? job.id, 1, handler, data);
        }
      });
    }
  }

  async stop() {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: 5000 } as any);
  }
}
