// 督查统计 as a sub-module of supervision: the board, per-unit figures, and unitFigures for the
// 考核一览表 of the daily-work module.
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../../platform/context.js';
import type { DB } from '../../../platform/db/schema.js';
import type { SupervisionService } from '../supervision.service.js';
import { periodOf, type Period, type PeriodKind } from './period.js';
import { statisticsRoutes } from './statistics.routes.js';
import { SupervisionStatistics, type UnitFigure } from './statistics.service.js';
import { ensureStatisticsAggregates } from './statistics.aggregates.js';

export { SupervisionStatistics, BOARD_STATUSES, BOARD_STATUS_LABELS, type BoardStatus, type UnitFigure } from './statistics.service.js';
export { periodOf, customPeriod, PERIOD_KINDS, type Period, type PeriodKind } from './period.js';

/**
 * Every department's supervision figures for a period — a Period, or a kind with the day it contains
 * (default today) — over all items (no reader: the 考核一览表 is the company's). Pass the caller's
 * transaction as `exec` when inside one.
 */
export function unitFigures(ctx: AppContext, period: Period | { kind: PeriodKind; date?: string }, exec?: Kysely<DB>): Promise<UnitFigure[]> {
  const stats = new SupervisionStatistics(ctx);
  const p = 'from' in period ? period : periodOf(period.kind, period.date ?? stats.today());
  return stats.unitFigures(p, { exec });
}

export async function statisticsModule(app: FastifyInstance, { ctx, service }: { ctx: AppContext; service: SupervisionService }) {
  // The triggers that keep the per-day aggregates need the company's day written down (T0012).
  await ensureStatisticsAggregates(ctx.database.db, ctx.database.dialect, ctx.config.tzCompany);
  await app.register(statisticsRoutes, { ctx, stats: new SupervisionStatistics(ctx), service });
}
