import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { isRealDate, type HolidayInput } from './work-calendar.js';

const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });

export async function calendarRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const { calendar } = ctx;
  const yearView = (year: number) => ({ ...calendar.coverage(year), items: calendar.list(year) });

  app.get('/api/v1/calendar/holidays', {
    config: { access: 'authenticated' },
    schema: { tags: ['calendar'], summary: '某年的法定节假日与调休上班日（未录入的年份带 warning）', querystring: Type.Object({ year: Year }, { additionalProperties: false }) },
    handler: async (req) => {
      await calendar.load();
      return yearView((req.query as { year: number }).year);
    },
  });

  app.get('/api/v1/calendar/working-days', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['calendar'],
      summary: '从某日起加 N 个工作日（调休上班日计为工作日；跨越未录入的年份时带 warning）',
      querystring: Type.Object({ from: DateStr, add: Type.Integer({ minimum: 0, maximum: 1000 }) }, { additionalProperties: false }),
    },
    handler: async (req) => {
      const { from, add } = req.query as { from: string; add: number };
      if (!isRealDate(from)) throw new AppError('validation_failed', `日期 ${from} 无效`, { field: 'from' });
      await calendar.load();
      const date = calendar.addWorkingDays(from, add);
      return { from, add, date, warning: calendar.warningBetween(from, date) };
    },
  });

  app.put('/api/v1/calendar/holidays/:year', {
    config: { access: 'calendar.manage' },
    schema: {
      tags: ['calendar'],
      summary: '录入某年国务院公布的放假安排（整年替换，所有实例立即生效）',
      params: Type.Object({ year: Year }),
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
      const { items } = req.body as { items: HolidayInput[] };
      await calendar.replaceYear(year, items, `manual:${req.actor!.username}`, (trx) =>
        ctx.audit.record(trx, req.actor!, 'calendar.holidays.replace', { recordType: 'calendar', recordId: String(year) }, 'ok', { count: items.length }, req),
      );
      return yearView(year);
    },
  });
}
