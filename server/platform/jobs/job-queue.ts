// Durable scheduled jobs behind one interface: an embedded queue in the jobs table on SQLite,
// pg-boss on PostgreSQL. A handler's database effects commit together with a row in job_runs,
// so a job that is retried after a crash never applies its effects twice.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export interface JobRun {
  /** Unique per job; the idempotency key of its effects. */
  jobKey: string;
  attempt: number;
  /** The transaction the effects belong in. */
  trx: Kysely<DB>;
}

export type JobHandler = (payload: any, run: JobRun) => Promise<void>;

export interface ScheduleOptions {
  runAt?: Date;
  /** At most one job with this key is ever scheduled (e.g. "remind:item42:day-before"). */
  singletonKey?: string;
  maxAttempts?: number;
}

export interface JobQueue {
  register(name: string, handler: JobHandler): void;
  /**
   * Schedules a job. Pass the caller's transaction as `exec` when inside one: on SQLite a query on
   * the outer handle would wait for the transaction's own connection.
   */
  schedule(name: string, payload: Record<string, unknown>, opts?: ScheduleOptions, exec?: Kysely<DB>): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Runs a handler once per job key: the job_runs row and the effects commit together. */
export async function runExactlyOnce(db: Kysely<DB>, jobKey: string, attempt: number, handler: JobHandler, payload: unknown): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('job_runs')
      .values({ job_key: jobKey, finished_at: new Date().toISOString() })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return; // already done before a crash
    await handler(payload, { jobKey, attempt, trx });
  });
}
