// Request schemas of the 发文 API (they feed OpenAPI).
import { Type, type Static } from '@sinclair/typebox';
import { OUTGOING_WORKFLOW } from '../../../../common/workflow/outgoing.workflow.js';
import { DOC_KINDS } from '../../../../common/document-kinds.js';

const Id = Type.String({ minLength: 1, maxLength: 40, description: '记录 ID' });
const Text = (max: number, description: string) => Type.String({ maxLength: max, description });

export const IdParams = Type.Object({ id: Id });

const Scope = Type.Object(
  {
    people: Type.Optional(Type.Array(Id, { maxItems: 200, description: '知悉范围：人员' })),
    departments: Type.Optional(Type.Array(Id, { maxItems: 100, description: '知悉范围：部门' })),
  },
  { additionalProperties: false },
);

const Urgency = Type.Union([Type.Literal('normal'), Type.Literal('urgent'), Type.Literal('very_urgent')], { description: '紧急程度：平件/加急/特急' });

const draftFields = {
  title: Type.String({ minLength: 1, maxLength: 200, description: '标题（醒目，一事一文）' }),
  body: Type.Optional(Text(200000, '正文；留空则按文种模板填入')),
  addressee: Type.Optional(Text(500, '主送')),
  cc: Type.Optional(Text(1000, '抄送')),
  classification: Type.Optional(Type.Integer({ minimum: 0, maximum: 4, description: '密级 0 公开 … 4 绝密' })),
  secrecyTerm: Type.Optional(Type.Union([Text(40, '保密期限，如 1年'), Type.Null()])),
  scope: Type.Optional(Scope),
  urgency: Type.Optional(Urgency),
  countersignDepartments: Type.Optional(Type.Array(Id, { maxItems: 20, description: '拟会签部门' })),
};

export const DraftCreate = Type.Object(
  {
    docKind: Type.Union(DOC_KINDS.map((k) => Type.Literal(k)), { description: '文种' }),
    repliesToId: Type.Optional(Type.Union([Id, Type.Null()], { description: '所答复的文件（如 请示 → 批复）' })),
    ...draftFields,
  },
  { additionalProperties: false },
);
export type DraftCreate = Static<typeof DraftCreate>;

export const DraftPatch = Type.Object(
  { version: Type.Integer({ minimum: 1 }), ...Type.Partial(Type.Object(draftFields)).properties },
  { additionalProperties: false },
);
export type DraftPatch = Partial<Omit<DraftCreate, 'docKind' | 'repliesToId'>> & { version: number };

export const ActionBody = Type.Object(
  {
    action: Type.String({ minLength: 1, maxLength: 40, description: '操作，见 abilities' }),
    version: Type.Integer({ minimum: 1 }),
    opinion: Type.Optional(Type.Union([Text(2000, '意见'), Type.Null()])),
    input: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), Type.Unknown(), { description: '操作所需内容，如签发的 approval/signerName/signedOn' })),
  },
  { additionalProperties: false },
);
export type ActionBody = Static<typeof ActionBody>;

export const VoidNumberBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }), reason: Type.String({ minLength: 1, maxLength: 500, description: '作废原因' }) },
  { additionalProperties: false },
);

export const SignerBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }), personId: Id },
  { additionalProperties: false },
);

export const ListQuery = Type.Object(
  {
    state: Type.Optional(Type.String({ maxLength: 30 })),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
    docKind: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: '文种' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '标题或发文字号中的文字' })),
    pending: Type.Optional(Type.Boolean({ description: '仅待我处理' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    before: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const NumbersQuery = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }, { additionalProperties: false });

export const DeliveryParams = Type.Object({ id: Id, deliveryId: Id });

export const ConfirmDeliveryBody = Type.Object(
  {
    version: Type.Optional(Type.Integer({ minimum: 1, description: '文件版本（可选；给出时须为最新）' })),
    note: Type.Optional(Type.Union([Text(500, '备注，如签收人、回执编号'), Type.Null()])),
  },
  { additionalProperties: false },
);
export type ConfirmDeliveryBody = Static<typeof ConfirmDeliveryBody>;

export const FileCopiesQuery = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100, description: '年度' }) }, { additionalProperties: false });

export const RegisterQuery = Type.Object(
  {
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: '年度' })),
    state: Type.Optional(Type.Union(Object.keys(OUTGOING_WORKFLOW.states).map((k) => Type.Literal(k)), { description: '状态' })),
    docKind: Type.Optional(Type.Union(DOC_KINDS.map((k) => Type.Literal(k)), { description: '文种' })),
  },
  { additionalProperties: false },
);
export type RegisterQuery = Static<typeof RegisterQuery>;
