// Durable scheduled jobs behind one interface: an embedded queue in the jobs table on SQLite,
// pg-boss on PostgreSQL. A handler's database effects commit together with a row in job_runs,
// so a job that is retried after a crash never applies its effects twice.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export interface JobRun {
  /** Unique per job (its singleton key, else its id); the idempotency key of its effects. */
  jobKey: string;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  /** The transaction the effects belong in. */
  trx: Kysely<DB>;
}

export type JobHandler = (payload: any, run: JobRun) => Promise<void>;

/**
 * A job whose effect leaves the database (an email, a robot message) and so cannot commit with a
 * job_runs row: the queue holds no transaction around it, and the handler keeps its own record of
 * what it did (e.g. the `deliveries` row), which is what makes a second run harmless.
 */
export type ExternalJobHandler = (payload: any, run: Omit<JobRun, 'trx'>) => Promise<void>;

export type RegisteredJob = { external: false; handler: JobHandler } | { external: true; handler: ExternalJobHandler };

export interface ScheduleOptions {
  runAt?: Date;
  /** At most one job with this key is scheduled (e.g. "remind:item42:day-before"); it is also the key of its effects. */
  singletonKey?: string;
  /** Runs in all, the first included (default 5). A failed run is retried after a growing delay. */
  maxAttempts?: number;
}

export interface JobQueue {
  /** Handlers may be registered before or after start(). */
  register(name: string, handler: JobHandler): void;
  registerExternal(name: string, handler: ExternalJobHandler): void;
  /**
   * Schedules a job. Pass the caller's transaction as `exec` when inside one: the job then commits
   * or rolls back with the caller's change (on both databases), and on SQLite a query on the outer
   * handle would wait for the transaction's own connection.
   */
  schedule(name: string, payload: Record<string, unknown>, opts?: ScheduleOptions, exec?: Kysely<DB>): Promise<void>;
  start(): Promise<void>;
  /** Stops taking jobs and waits for the running ones to finish. */
  stop(): Promise<void>;
}

export interface JobQueueOptions {
  /** How often an idle worker looks for due jobs. */
  pollMs: number;
  /** A run that has not finished after this long is presumed dead (its process crashed) and retried. */
  expireSeconds: number;
  /** The first retry waits about this long; each further retry waits twice as long (SQLite; pg-boss counts whole seconds). */
  retryBaseMs: number;
}

/** Runs a job once per job key: the job_runs row and the handler's effects commit together. */
export async function runExactlyOnce(db: Kysely<DB>, jobKey: string, attempt: number, handler: JobHandler, payload: unknown): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // On PostgreSQL a concurrent run of the same key waits here for the other's commit, then finds
    // the row and does nothing; if the other rolled back (or its process died), this one proceeds.
    const inserted = await trx
      .insertInto('job_runs')
      .values({ job_key: jobKey, finished_at: new Date().toISOString() })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return; // done before a crash
    await handler(payload, { jobKey, attempt, trx });
  });
}

/** Runs one claimed job with its registered handler. */
export async function runJob(db: Kysely<DB>, job: RegisteredJob, jobKey: string, attempt: number, payload: unknown): Promise<void> {
  if (job.external) await job.handler(payload, { jobKey, attempt });
  else await runExactlyOnce(db, jobKey, attempt, job.handler, payload);
}
