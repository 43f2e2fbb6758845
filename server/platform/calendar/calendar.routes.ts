import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { nowIso } from '../ids.js';
import { AppError } from '../errors.js';

const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

export async function calendarRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const { db } = ctx.database;

  app.get('/api/v1/calendar/holidays', {
    config: { access: 'authenticated' },
    schema: { tags: ['calendar'], summary: '某年的法定节假日与调休上班日', querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }, { additionalProperties: false }) },
    handler: async (req) => {
      const { year } = req.query as { year: number };
      await ctx.calendar.load();
      return { ...ctx.calendar.coverage(year), items: ctx.calendar.list(year) };
    },
  });

  app.get('/api/v1/calendar/working-days', {
    config: { access: 'authenticated' },
    schema: { tags: ['calendar'], summary: '从某日起加 N 个工作日', querystring: Type.Object({ from: DateStr, add: Type.Integer({ minimum: 0, maximum: 1000 }) }, { additionalProperties: false }) },
    handler: async (req) => {
      const { from, add } = req.query as { from: string; add: number };
      await ctx.calendar.load();
      const date = ctx.calendar.addWorkingDays(from, add);
      return { from, add, date, warning: ctx.calendar.coverage(Number(date.slice(0, 4))).warning };
    },
  });

  app.put('/api/v1/calendar/holidays/:year', {
    config: { access: 'calendar.manage' },
    schema: {
      tags: ['calendar'],
      summary: '录入某年国务院公布的放假安排（整年替换）',
      params: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
      body: Type.Object(
        {
          items: Type.Array(
            Type.Object({ date: DateStr, kind: Type.Union([Type.Literal('holiday'), Type.Literal('workday')]), name: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }),
            { maxItems: 200 },
          ),
        },
        { additionalProperties: false },
      ),
    },
    handler: async (req) => {
      const { year } = req.params as { year: number };
      const { items } = req.body as { items: { date: string; kind: 'holiday' | 'workday'; name: string }[] };
      const bad = items.find((i) => !i.date.startsWith(`${year}-`) || Number.isNaN(Date.parse(`${i.date}T00:00:00Z`)));
      if (bad) throw new AppError('validation_failed', `日期 ${bad.date} 不属于 ${year} 年或无效`, { field: 'items', date: bad.date });
      const dates = new Set<string>();
      for (const i of items) {
        if (dates.has(i.date)) throw new AppError('validation_failed', `日期 ${i.date} 重复`, { field: 'items', date: i.date });
        dates.add(i.date);
      }
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('holidays').where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`).execute();
        const at = nowIso();
        if (items.length) await trx.insertInto('holidays').values(items.map((i) => ({ ...i, source: `manual:${req.actor!.username}`, updated_at: at }))).execute();
        await ctx.audit.record(trx, req.actor!, 'calendar.holidays.replace', { recordType: 'calendar', recordId: String(year) }, 'ok', { count: items.length }, req);
      });
      await ctx.calendar.load(true);
      return { ...ctx.calendar.coverage(year), items: ctx.calendar.list(year) };
    },
  });
}
