// Request schemas of the directive routes (they feed OpenAPI).
import { Type } from '@sinclair/typebox';
import { MAX_DIRECTIVES } from './directive.service.js';

const Id = Type.String({ minLength: 1, maxLength: 40, description: '记录 ID' });
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '日期 YYYY-MM-DD' });
const Week = Type.String({ pattern: '^\\d{4}-W\\d{2}$', description: 'ISO 周次（公司时区，周一为首日），如 2026-W48' });

export const IdParams = Type.Object({ id: Id });

const Directive = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 2000, description: '指令内容' }),
    leadDepartmentId: Id,
    leadPersonId: Type.Optional(Type.Union([Id, Type.Null()])),
    deadline: Type.Optional(DateText),
    deadlineWorkingDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 750, description: '或：自下达之日起若干个工作日' })),
  },
  { additionalProperties: false },
);

const ListFields = {
  title: Type.Optional(Type.String({ maxLength: 100, description: '标题（默认“一周工作指令（某年第某周）”）' })),
  meetingNote: Type.Optional(Type.String({ maxLength: 2000, description: '指令会情况' })),
  category: Type.Optional(Type.String({ maxLength: 40, description: '督查类别（默认 meeting 会议督查）' })),
  directives: Type.Array(Directive, { minItems: 1, maxItems: MAX_DIRECTIVES, description: '各项指令' }),
};

export const NewList = Type.Object({ week: Type.Optional(Week), ...ListFields }, { additionalProperties: false });
export const EditList = Type.Object({ ...ListFields, version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export const ListQuery = Type.Object(
  {
    week: Type.Optional(Week),
    state: Type.Optional(Type.Union(['draft', 'submitted', 'approved', 'issued'].map((s) => Type.Literal(s)))),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    before: Type.Optional(Week),
  },
  { additionalProperties: false },
);

export const ActionBody = Type.Object(
  {
    action: Type.Union(['submit', 'approve', 'return', 'issue'].map((s) => Type.Literal(s)), { description: 'submit 送审 / approve 批准（总经理）/ return 退回（总经理，须填意见）/ issue 下达' }),
    version: Type.Integer({ minimum: 1 }),
    opinion: Type.Optional(Type.String({ maxLength: 2000, description: '意见' })),
  },
  { additionalProperties: false },
);

export const ReportQuery = Type.Object({ asOf: Type.Optional(DateText) }, { additionalProperties: false });

export const Schedule = Type.Object(
  {
    weekday: Type.Integer({ minimum: 1, maximum: 7, description: '星期（1 周一 … 7 周日；默认 6 周六）' }),
    time: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: '时间 HH:MM（公司时区；默认 09:00）' }),
  },
  { additionalProperties: false },
);
