// Builds the platform services for a configuration; shared by the server, the CLI and the tests.
import path from 'node:path';
import type { Config } from '../config.js';
import type { AppContext } from './context.js';
import { migrateToLatest, openDatabase } from './db/database.js';
import { AuditRepository } from './audit/audit.repository.js';
import { AuditService } from './audit/audit.service.js';
import { AuthRepository } from './auth/auth.repository.js';
import { AuthService } from './auth/auth.service.js';
import { LocalPubSub, PgPubSub } from './notify/pubsub.js';
import { NotificationService } from './notify/notification.service.js';
import { SqliteJobQueue } from './jobs/sqlite-job-queue.js';
import { PgBossJobQueue } from './jobs/pgboss-job-queue.js';
import { DatabaseFileStore, DiskFileStore } from './files/file-store.js';
import { seedHolidays, WorkCalendar } from './calendar/work-calendar.js';
import { EventBus } from './events/event-bus.js';
import { ScopeRepository } from './access/scope.repository.js';
import { SearchIndex } from './search/index.js';

export type Logger = (msg: string, err?: unknown) => void;

export async function createContext(config: Config, log: Logger = () => {}): Promise<AppContext> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(database.db);
  await seedHolidays(database.db);
  const { db } = database;
  const audit = new AuditService(new AuditRepository(db, database.dialect), db);
  const auth = new AuthService(new AuthRepository(db), audit, config);
  const pubsub = database.dialect === 'postgres' ? new PgPubSub(database.pgPool!, database.connectionString!, log) : new LocalPubSub();
  const jobOptions = { pollMs: config.pollMs, expireSeconds: config.jobExpireSeconds, retryBaseMs: config.jobRetryBaseMs };
  const jobs =
    database.dialect === 'postgres'
      ? new PgBossJobQueue(db, database.connectionString!, jobOptions, log)
      : new SqliteJobQueue(db, config.instanceId, jobOptions, log);
  const files = database.dialect === 'postgres' ? new DatabaseFileStore(db) : new DiskFileStore(db, path.join(config.dataDir, 'files'));
  const calendar = new WorkCalendar(db, pubsub);
  await calendar.load(true);
  const notify = new NotificationService(db, database.dialect, pubsub, jobs, config);
  return { config, database, audit, auth, pubsub, jobs, files, calendar, notify, scopes: new ScopeRepository(db), events: new EventBus(jobs), search: SearchIndex.for(database) };
}

/** Starts the background loops of one instance: pub/sub, jobs and the audit sealer. */
export async function startBackground(ctx: AppContext, log: Logger): Promise<() => Promise<void>> {
  await ctx.pubsub.start();
  await ctx.jobs.start();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const seal = async () => {
    try {
      await ctx.audit.repo.sealAll({ wait: false });
    } catch (err) {
      log('audit sealing failed', err);
    }
    if (!stopped) timer = setTimeout(seal, ctx.config.pollMs);
  };
  timer = setTimeout(seal, ctx.config.pollMs);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await ctx.jobs.stop();
    await ctx.pubsub.stop();
    await ctx.audit.repo.sealAll().catch((err) => log('final audit seal failed', err));
  };
}
