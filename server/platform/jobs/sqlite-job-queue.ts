import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { newId, nowIso } from '../ids.js';
import { runJob, type ExternalJobHandler, type JobHandler, type JobQueue, type JobQueueOptions, type RegisteredJob, type ScheduleOptions } from './job-queue.js';

/**
 * The embedded queue: rows in `jobs`, claimed with a lease so that a run whose process died is
 * taken up again once the lease has passed. One instance runs one job at a time.
 */
export class SqliteJobQueue implements JobQueue {
  private jobs = new Map<string, RegisteredJob>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopped = true;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly instanceId: string,
    private readonly opts: JobQueueOptions,
    private readonly log: (msg: string, err?: unknown) => void = () => {},
  ) {}

  register(name: string, handler: JobHandler) {
    this.jobs.set(name, { external: false, handler });
  }

  registerExternal(name: string, handler: ExternalJobHandler) {
    this.jobs.set(name, { external: true, handler });
  }

  async schedule(name: string, payload: Record<string, unknown>, opts: ScheduleOptions = {}, exec: Kysely<DB> = this.db) {
    await exec
      .insertInto('jobs')
      .values({
        id: newId(),
        name,
        payload: JSON.stringify(payload),
        run_at: (opts.runAt ?? new Date()).toISOString(),
        state: 'pending',
        attempts: 0,
        max_attempts: opts.maxAttempts ?? 5,
        locked_by: null,
        locked_until: null,
        last_error: null,
        singleton_key: opts.singletonKey ?? null,
        created_at: nowIso(),
        finished_at: null,
      })
      .onConflict((oc) => oc.column('singleton_key').doNothing())
      .execute();
  }

  async start() {
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      try {
        while (!this.stopped && (await this.runOne())) {
          /* drain what is due */
        }
      } catch (err) {
        this.log('job loop error', err);
      }
      if (!this.stopped) this.timer = setTimeout(tick, this.opts.pollMs);
    };
    this.timer = setTimeout(tick, 10);
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 20));
  }

  /** Claims and runs one due job; false when none is due. */
  async runOne(): Promise<boolean> {
    const now = nowIso();
    const names = [...this.jobs.keys()];
    if (names.length === 0) return false;
    const claimed = await this.db
      .updateTable('jobs')
      .set((eb) => ({ state: 'running', locked_by: this.instanceId, locked_until: new Date(Date.now() + this.opts.expireSeconds * 1000).toISOString(), attempts: eb('attempts', '+', 1) }))
      .where('id', '=', (eb) =>
        eb
          .selectFrom('jobs')
          .select('id')
          .where('name', 'in', names)
          .where((w) => w.or([w.and([w('state', '=', 'pending'), w('run_at', '<=', now)]), w.and([w('state', '=', 'running'), w('locked_until', '<', now)])]))
          .orderBy('run_at')
          .limit(1),
      )
      .returningAll()
      .executeTakeFirst();
    if (!claimed) return false;
    this.running = true;
    try {
      await runJob(this.db, this.jobs.get(claimed.name)!, claimed.singleton_key ?? claimed.id, claimed.attempts, JSON.parse(claimed.payload));
      await this.db.updateTable('jobs').set({ state: 'done', finished_at: nowIso(), locked_until: null }).where('id', '=', claimed.id).execute();
    } catch (err) {
      const failed = claimed.attempts >= claimed.max_attempts;
      const backoffMs = Math.min(3_600_000, this.opts.retryBaseMs * 2 ** (claimed.attempts - 1));
      await this.db
        .updateTable('jobs')
        .set({ state: failed ? 'failed' : 'pending', run_at: new Date(Date.now() + backoffMs).toISOString(), last_error: String((err as Error)?.message ?? err).slice(0, 1000), locked_until: null, finished_at: failed ? nowIso() : null })
        .where('id', '=', claimed.id)
        .execute();
      this.log(`job ${claimed.name} failed (attempt ${claimed.attempts})`, err);
    } finally {
      this.running = false;
    }
    return true;
  }
}
