// The board and the per-unit figures. Every count comes from the caller's readable items (the
// policy's filter is inside each query); the unit figures go out as JSON and .xlsx.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../../platform/access/actor.js';
import type { AppContext } from '../../../platform/context.js';
import { attachmentDisposition, XLSX_MIME } from '../../documents/incoming/incoming.xlsx.js';
import { presentItem } from '../supervision.presenter.js';
import type { SupervisionService } from '../supervision.service.js';
import { customPeriod, periodOf, type Period, type PeriodKind } from './period.js';
import * as S from './statistics.schema.js';
import { BOARD_STATUS_LABELS, type BoardQuery, type SupervisionStatistics } from './statistics.service.js';
import { unitFiguresWorkbook } from './statistics.xlsx.js';
import { AppError } from '../../../platform/errors.js';
import { isRealDate } from '../../../platform/calendar/work-calendar.js';

const TAGS = ['supervision'];

type PeriodQuery = { period?: PeriodKind; date?: string; from?: string; to?: string };

/** period (+ date, default today) or from + to; `required` demands one of them. */
export function periodFrom(q: PeriodQuery, today: string, required: boolean): Period | undefined {
  for (const f of ['date', 'from', 'to'] as const) if (q[f] && !isRealDate(q[f]!)) throw new AppError('validation_failed', '日期无效', { field: f });
  if (q.period && (q.from || q.to)) throw new AppError('validation_failed', '统计期间只能给 period 或 from/to 之一', { field: 'period' });
  if (q.period) return periodOf(q.period, q.date ?? today);
  if (q.from || q.to) {
    if (!q.from || !q.to) throw new AppError('validation_failed', '请同时给出起止日期', { field: q.from ? 'to' : 'from' });
    return customPeriod(q.from, q.to);
  }
  return required ? periodOf('month', q.date ?? today) : undefined;
}

export async function statisticsRoutes(app: FastifyInstance, { stats, service }: { ctx: AppContext; stats: SupervisionStatistics; service: SupervisionService }) {
  const actorOf = (req: FastifyRequest) => req.actor as Actor;

  app.get('/api/v1/supervision/board', {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '督办看板：未办结事项按状态着色（已超期 / 即将到期 / 正常 / 超期完成 / 按期完成），可按单位、领导、来源、方式、期间筛选，附各状态数', querystring: S.BoardQuery },
    handler: async (req) => {
      const q = req.query as BoardQuery & PeriodQuery;
      const today = stats.today();
      const period = periodFrom(q, today, false);
      const b = await stats.board(actorOf(req), { ...q, period });
      const names = await service.namesFor(b.rows);
      return {
        items: b.rows.map((r) => ({ ...presentItem(r, b.today, names), boardStatus: r.board_status })),
        total: b.total,
        counts: b.counts,
        statuses: BOARD_STATUS_LABELS,
        today: b.today,
        dueSoonDays: b.dueSoonDays,
        dueSoonBy: b.dueSoonBy,
        period: period ?? null,
      };
    },
  });

  app.get('/api/v1/supervision/board/settings', {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '看板设置：几个工作日内到期算“即将到期”' },
    handler: async () => ({ dueSoonDays: await stats.dueSoonDays() }),
  });

  app.put('/api/v1/supervision/board/settings', {
    config: { access: 'supervision.manage' },
    schema: { tags: TAGS, summary: '设置“即将到期”的工作日数', body: S.BoardSettings },
    handler: async (req) => {
      req.audited = true;
      await stats.setDueSoonDays(actorOf(req), (req.body as { dueSoonDays: number }).dueSoonDays);
      return { dueSoonDays: await stats.dueSoonDays() };
    },
  });

  const figures = async (req: FastifyRequest) => {
    const period = periodFrom(req.query as PeriodQuery, stats.today(), true)!;
    return { period, units: await stats.unitFigures(period, { actor: actorOf(req) }) };
  };

  app.get('/api/v1/supervision/statistics/units', {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '各单位督办统计（周 / 月 / 季 / 年）：事项数、按期完成率、平均超期天数、被催办次数（按可见范围统计）', querystring: S.UnitsQuery },
    handler: async (req) => figures(req),
  });

  app.get('/api/v1/supervision/statistics/units.xlsx', {
    config: { access: 'supervision.read' },
    schema: { tags: TAGS, summary: '各单位督办统计 (.xlsx)', querystring: S.UnitsQuery },
    handler: async (req, reply) => {
      const { period, units } = await figures(req);
      const buf = await unitFiguresWorkbook(units, period, '事项以原办理期限落在本期者计；按期完成率 = 按期完成数 / 事项数；平均超期天数按超期事项计（至完成日，未完成者至期末或今日）；被催办次数含自动催办。');
      reply.header('content-type', XLSX_MIME);
      reply.header('content-disposition', attachmentDisposition(`supervision-units-${period.label}.xlsx`, `各单位督办统计-${period.label}.xlsx`));
      return reply.send(buf);
    },
  });
}
