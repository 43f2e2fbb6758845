// Request schemas of the board and the unit figures (they feed OpenAPI).
import { Type } from '@sinclair/typebox';
import { MODES, SOURCE_TYPES } from '../supervision.service.js';
import { BOARD_STATUSES } from './statistics.service.js';
import { PERIOD_KINDS } from './period.js';

const Id = Type.String({ minLength: 1, maxLength: 40 });
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '日期 YYYY-MM-DD' });
const literals = (values: readonly string[], description: string) => Type.Union(values.map((v) => Type.Literal(v)), { description });

const PeriodFields = {
  period: Type.Optional(literals(PERIOD_KINDS, '统计期间：week 周 / month 月 / quarter 季 / year 年（含 date 所在的一期）')),
  date: Type.Optional(DateText),
  from: Type.Optional(DateText),
  to: Type.Optional(DateText),
};

export const BoardQuery = Type.Object(
  {
    departmentId: Type.Optional(Id),
    leaderId: Type.Optional(Id),
    source: Type.Optional(literals(SOURCE_TYPES, '来源')),
    mode: Type.Optional(literals(MODES, '督查方式')),
    category: Type.Optional(Type.String({ maxLength: 40 })),
    status: Type.Optional(literals(BOARD_STATUSES, '状态：overdue 已超期 / due_soon 即将到期 / on_track 正常 / completed_late 超期完成 / completed_on_time 按期完成')),
    ...PeriodFields,
    dueSoonDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60, description: '几个工作日内到期算“即将到期”（默认取设置）' })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
  },
  { additionalProperties: false },
);

export const UnitsQuery = Type.Object(PeriodFields, { additionalProperties: false });

export const BoardSettings = Type.Object({ dueSoonDays: Type.Integer({ minimum: 0, maximum: 60 }) }, { additionalProperties: false });
