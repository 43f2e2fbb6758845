// Request schemas of the 收文 routes (they feed OpenAPI).
import { Type } from '@sinclair/typebox';

const Id = Type.String({ minLength: 1, maxLength: 40, description: '记录 ID' });
const Text = (max: number, description: string) => Type.String({ minLength: 1, maxLength: max, description });
const Date = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '日期 YYYY-MM-DD' });

export const IdParams = Type.Object({ id: Id });

const ScopeSubject = Type.Object({ kind: Type.Union([Type.Literal('person'), Type.Literal('department')]), id: Id }, { additionalProperties: false });

export const Urgency = Type.Union([Type.Literal('normal'), Type.Literal('urgent'), Type.Literal('very_urgent')], { description: '紧急程度：normal 平件 / urgent 加急 / very_urgent 特急' });

// seed 二 3.4: a meeting notice's time and place (the service checks the order and the kind).
const Meeting = Type.Object(
  {
    startsAt: Type.String({ format: 'date-time', description: '会议开始时间（带时区）' }),
    endsAt: Type.Optional(Type.String({ format: 'date-time', description: '会议结束时间，须晚于开始时间' })),
    place: Text(200, '会议地点'),
  },
  { additionalProperties: false, description: '会议通知的时间与地点（仅文种为“会议通知”）' },
);

/** 登记 fields; the same object registers in one request with the sign-for, or later as the register action's input. */
export const Registration = Type.Object(
  {
    title: Text(200, '标题'),
    docNumber: Type.Optional(Type.String({ maxLength: 60, description: '来文字号' })),
    docKind: Text(20, '文种：通知、请示、报告、函、备忘录 …'),
    urgency: Type.Optional(Urgency),
    pages: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, description: '页数' })),
    copies: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, description: '份数' })),
    addressee: Type.Optional(Type.String({ maxLength: 100, description: '文件上的主送单位' })),
    // seed 二 1.5: 检查文件上的主送单位、来文单位与封皮所写是否相符.
    addresseeMatches: Type.Boolean({ description: '文件主送、来文单位与封皮相符（不符时记录并标记）' }),
    mismatchNote: Type.Optional(Type.String({ maxLength: 500, description: '不符情况说明' })),
    // seed 二 1.6: an unbound delivery stays one document with several parts.
    parts: Type.Optional(Type.Array(Type.Object({ title: Text(200, '部分名称'), pages: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })) }, { additionalProperties: false }), { maxItems: 100, description: '未装订来件的各部分' })),
    body: Type.Optional(Type.String({ maxLength: 200000, description: '正文或摘要' })),
    internal: Type.Optional(Type.Boolean({ description: '公司内部报送（备忘录、报告、申请，五 5.4）' })),
    meeting: Type.Optional(Meeting),
  },
  { additionalProperties: false },
);

export const SignFor = Type.Object(
  {
    sender: Text(100, '来文单位'),
    deliveredBy: Text(60, '投递人'),
    deliveredAt: Type.Optional(Type.String({ format: 'date-time', description: '投递时间，默认为现在' })),
    envelopeAddressee: Type.Optional(Type.String({ maxLength: 100, description: '封皮所写收件单位' })),
    // seed 二 1.7: 注意封皮的保存利用 — the envelope's scan as an attachment.
    envelopeFileId: Type.Optional(Id),
    // seed 二 1.8: 封内装有回执单的，应签收并及时退回.
    returnSlip: Type.Optional(Type.Boolean({ description: '封内附有回执单' })),
    classification: Type.Integer({ minimum: 0, maximum: 4, description: '密级 0 公开 … 4 绝密' }),
    secrecyTerm: Type.Optional(Type.String({ maxLength: 40, description: '保密期限' })),
    scope: Type.Optional(Type.Array(ScopeSubject, { maxItems: 200, description: '知悉范围（涉密文件必填；登记人自动在内）' })),
    registration: Type.Optional(Registration),
  },
  { additionalProperties: false },
);

/** The filters the list and the register (收文登记簿) share. */
const Filters = {
  state: Type.Optional(Type.String({ maxLength: 30, pattern: '^[a-z_]+$', description: '状态' })),
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: '年度' })),
  urgency: Type.Optional(Urgency),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '标题、来文单位、来文字号或收文编号（如 收〔2026〕12号 或 12）' })),
  overdue: Type.Optional(Type.Boolean({ description: '只看超过办理期限仍在承办的' })),
};

export const RegisterQuery = Type.Object(Filters, { additionalProperties: false });

export const ListQuery = Type.Object(
  {
    ...Filters,
    pendingForMe: Type.Optional(Type.Boolean({ description: '只看待我办理的' })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    before: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const ActionBody = Type.Object(
  {
    action: Type.String({ minLength: 1, maxLength: 40, description: '操作：check_pass、return、propose、ask_leader、leader_opine、submit_to_gm、instruct、decide_attendance（会议通知：input { attendeeIds, note? }）、distribute、report_result、file_as_read、close_without_handling、register、return_slip_sent' }),
    version: Type.Integer({ minimum: 1 }),
    opinion: Type.Optional(Type.String({ maxLength: 5000, description: '意见' })),
    input: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: '操作所需字段' })),
  },
  { additionalProperties: false },
);

export { Date as DateString };
