// Issue 4's one-shot figures, measured in-process on the generated supervision data before the
// servers start (the machine otherwise idle): the hourly reminder scan over every open item, as the
// job runs it (SupervisionReminders.scan in a transaction), and the Saturday report of the week's
// 500 directives (compileDirectiveReport, then the weekly job's whole path: compile, store, tell the
// GM; and the .xlsx and .docx built from it). Every write is rolled back, so the data stays as
// generated.
//   npx tsx bench/supervision-oneshots.ts [--dialect sqlite|postgres]
import type { Kysely } from 'kysely';
import { loadConfig } from '../server/config.js';
import { createContext } from '../server/platform/bootstrap.js';
import type { DB } from '../server/platform/db/schema.js';
import { nowIso } from '../server/platform/ids.js';
import { todayIn } from '../server/platform/calendar/work-calendar.js';
import { SupervisionService } from '../server/modules/supervision/supervision.service.js';
import { SupervisionReminders } from '../server/modules/supervision/supervision.reminders.js';
import { compileDirectiveReport } from '../server/modules/supervision/directives/directive.report.js';
import { DirectiveRepository } from '../server/modules/supervision/directives/directive.repository.js';
import { DirectiveService } from '../server/modules/supervision/directives/directive.service.js';
import { directiveReportWorkbook } from '../server/modules/supervision/directives/directive.xlsx.js';
import { directiveReportDocx } from '../server/modules/supervision/directives/directive.docx.js';
import { WORKING_STATES } from '../common/workflow/supervision.workflow.js';
import { ensureStatisticsAggregates } from '../server/modules/supervision/statistics/statistics.aggregates.js';
import { DIRECTIVE_LIST_KEY } from './generate-supervision.js';
import { ensureGenerated } from './generate.js';
import { datasetOf, parseOptions } from './options.js';
import { serverEnv, targetOf, type Target } from './target.js';

export interface OneShot {
  name: string;
  title: string;
  /** The bar the issue set, in ms (null: reported beside). */
  targetMs: number | null;
  /** Each timed run, ms (after one untimed run). */
  runsMs: number[];
  medianMs: number;
  /** What the run worked on (items scanned, reminders fired, directives …). */
  detail: string;
}

const RUNS = 5;

class Rollback extends Error {}

/** Runs fn in a transaction that is always rolled back; returns fn's result. */
async function rolledBack<T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  let out: T | undefined;
  try {
    await db.transaction().execute(async (trx) => {
      out = await fn(trx);
      throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  return out as T;
}

async function timed<T>(name: string, title: string, targetMs: number | null, fn: () => Promise<T>, detail: (last: T) => string): Promise<OneShot> {
  let last = await fn(); // warm: JIT, page cache
  const runsMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    last = await fn();
    runsMs.push(Math.round((performance.now() - t) * 10) / 10);
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  return { name, title, targetMs, runsMs, medianMs: sorted[Math.floor(sorted.length / 2)], detail: detail(last) };
}

export async function supervisionOneShots(t: Target, log: (m: string) => void = console.log): Promise<OneShot[]> {
  const config = loadConfig(serverEnv(t, 0));
  const ctx = await createContext(config);
  try {
    const { db } = ctx.database;
    // As the app does at start (a database generated before T0012 gets its aggregates here, not in the app's start-up).
    if (await ensureStatisticsAggregates(db, ctx.database.dialect, config.tzCompany)) log('  supervision statistics aggregates rebuilt');
    const service = new SupervisionService(ctx);
    const reminders = new SupervisionReminders(ctx, service);
    const out: OneShot[] = [];
    const open = await db.selectFrom('supervision_items').select((eb) => eb.fn.countAll<number>().as('n')).where('state', 'not in', ['closed', 'filed', 'archived']).executeTakeFirstOrThrow();
    const working = await db.selectFrom('supervision_items').select((eb) => eb.fn.countAll<number>().as('n')).where('state', 'in', [...WORKING_STATES]).executeTakeFirstOrThrow();
    out.push(
      await timed(
        'reminder-scan',
        'the hourly reminder scan over all open items (SupervisionReminders.scan, in one transaction, rolled back)',
        1000,
        () => rolledBack(db, (trx) => reminders.scan(trx, new Date())),
        (fired) => `${Number(open.n).toLocaleString('en')} open items, ${Number(working.n).toLocaleString('en')} at work; ${fired} reminder(s) fired in a scan (the generated data has fired every point that came, as the hourly scan would have)`,
      ),
    );
    const saved = await db.selectFrom('settings').select('value').where('key', '=', DIRECTIVE_LIST_KEY).executeTakeFirst();
    if (saved) {
      const { id } = JSON.parse(saved.value) as { id: string };
      const repo = new DirectiveRepository(db);
      const list = (await repo.list(db, id))!;
      const tz = config.tzCompany;
      const asOf = todayIn(tz);
      const compile = () => compileDirectiveReport(repo, db, list, asOf, tz, nowIso());
      out.push(await timed('saturday-report', `the Saturday report (指令落实情况) of the week's directives: compileDirectiveReport`, 500, compile, (r) => `${r.counts.total} directives: ${r.counts.done} done (${r.counts.doneLate} late), ${r.counts.on_track} on track, ${r.counts.late} late`));
      const directives = new DirectiveService(ctx, service);
      out.push(
        await timed(
          'saturday-report-job',
          'the Saturday job: compile, store the report, tell the GM (DirectiveService.runWeekly, rolled back)',
          500,
          () => rolledBack(db, (trx) => directives.runWeekly(trx, list.week, new Date())),
          (r) => (r ? `${r.counts.total} directives, report stored` : 'no report: the week had one already'),
        ),
      );
      const report = await compile();
      out.push(await timed('saturday-report-xlsx', 'the Saturday report as .xlsx (directiveReportWorkbook)', null, () => directiveReportWorkbook(report), (b) => `${Math.round(b.length / 1024)} KiB`));
      out.push(await timed('saturday-report-docx', 'the Saturday report as .docx (directiveReportDocx)', null, () => directiveReportDocx(report, '总经理办公室'), (b) => `${Math.round(b.length / 1024)} KiB`));
    } else log('  no generated directive list: the Saturday report is not measured');
    for (const o of out) log(`  ${o.name}: median ${o.medianMs} ms (runs ${o.runsMs.join(', ')})${o.targetMs ? ` — target ≤ ${o.targetMs} ms` : ''}; ${o.detail}`);
    return out;
  } finally {
    await ctx.database.close();
  }
}

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  for (const dialect of opts.dialects) {
    const t = targetOf(dialect, datasetOf(opts, 'supervision'));
    await ensureGenerated(t);
    console.log(`[one-shots] ${dialect}`);
    await supervisionOneShots(t);
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
