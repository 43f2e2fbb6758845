// Request schemas of the supervision routes (they feed OpenAPI).
import { Type } from '@sinclair/typebox';
import { MODES, PRIORITIES, SOURCE_TYPES } from './supervision.service.js';

const Id = Type.String({ minLength: 1, maxLength: 40, description: '记录 ID' });
const Text = (max: number, description: string) => Type.String({ minLength: 1, maxLength: max, description });
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '日期 YYYY-MM-DD' });
const literals = <T extends readonly string[]>(values: T, description: string) => Type.Union(values.map((v) => Type.Literal(v)), { description });

export const IdParams = Type.Object({ id: Id });
export const ExtensionParams = Type.Object({ id: Id, eid: Id });

const ScopeSubject = Type.Object({ kind: Type.Union([Type.Literal('person'), Type.Literal('department')]), id: Id }, { additionalProperties: false });
const CoUnit = Type.Object({ departmentId: Id, personId: Type.Optional(Id) }, { additionalProperties: false });
const Milestone = Type.Object({ title: Text(100, '节点'), date: DateText }, { additionalProperties: false });

/** What a sub-item (分解) carries of its own; the rest comes from its parent. */
const ChildFields = {
  title: Text(200, '督办事项'),
  requirement: Type.Optional(Type.String({ maxLength: 5000, description: '督办要求' })),
  leadDepartmentId: Type.Optional(Id),
  leadPersonId: Type.Optional(Id),
  coUnits: Type.Optional(Type.Array(CoUnit, { maxItems: 30, description: '协办单位及其联系人' })),
  deadline: Type.Optional(DateText),
  deadlineWorkingDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 750, description: '或：自今日起若干个工作日（按节假日日历）' })),
  milestones: Type.Optional(Type.Array(Milestone, { maxItems: 30 })),
  priority: Type.Optional(literals(PRIORITIES, '优先级')),
  mode: Type.Optional(literals(MODES, '督查方式：general 普遍 / special 专项 / group 督查组 / by_level 分级 / leader_in_person 领导亲自查办')),
  groupMemberIds: Type.Optional(Type.Array(Id, { maxItems: 30, description: '督查组成员（督查组方式）' })),
};

export const NewItem = Type.Object(
  {
    ...ChildFields,
    procedure: Type.Optional(Type.Union([Type.Literal('assigned'), Type.Literal('central')], { description: 'assigned 领导交办 / central 中心工作' })),
    source: Type.Object(
      { type: literals(SOURCE_TYPES, '来源'), id: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: '来源记录 ID（会议、公文 …）' })), index: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })) },
      { additionalProperties: false },
    ),
    category: Text(40, '督查类别'),
    assignedById: Type.Optional(Id),
    classification: Type.Optional(Type.Integer({ minimum: 0, maximum: 4, description: '密级' })),
    scope: Type.Optional(Type.Array(ScopeSubject, { maxItems: 200, description: '知悉范围' })),
  },
  { additionalProperties: false },
);

export const Children = Type.Object({ items: Type.Array(Type.Object(ChildFields, { additionalProperties: false }), { minItems: 1, maxItems: 50 }) }, { additionalProperties: false });

export const ListQuery = Type.Object(
  {
    state: Type.Optional(Type.String({ maxLength: 30 })),
    departmentId: Type.Optional(Id),
    leaderId: Type.Optional(Id),
    source: Type.Optional(literals(SOURCE_TYPES, '来源')),
    mode: Type.Optional(literals(MODES, '督查方式')),
    category: Type.Optional(Type.String({ maxLength: 40 })),
    parentId: Type.Optional(Id),
    overdue: Type.Optional(Type.Boolean({ description: '仅超期未办结' })),
    mine: Type.Optional(Type.Union([Type.Literal('handler'), Type.Literal('assigned')], { description: 'handler 我承办的 / assigned 我交办的' })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    before: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const ActionBody = Type.Object(
  {
    action: Text(40, '操作'),
    version: Type.Integer({ minimum: 1 }),
    opinion: Type.Optional(Type.String({ maxLength: 5000, description: '意见' })),
    input: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: '操作所需内容：result 办理结果、reasons 退回理由、report 回告内容、leadDepartmentId …' })),
  },
  { additionalProperties: false },
);

export const ProgressBody = Type.Object(
  {
    text: Text(5000, '进展情况'),
    percent: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: '完成百分比' })),
    attachmentIds: Type.Optional(Type.Array(Id, { maxItems: 20, description: '附件（先上传）' })),
  },
  { additionalProperties: false },
);

export const ChaseBody = Type.Object({ note: Text(500, '催办说明') }, { additionalProperties: false });

export const ExtensionBody = Type.Object({ deadline: DateText, reason: Text(1000, '延期理由') }, { additionalProperties: false });

export const DecisionBody = Type.Object({ approve: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 1000 })), version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export const ReminderPoints = Type.Object(
  {
    points: Type.Array(
      Type.Object(
        {
          key: Type.String({ pattern: '^[a-z_]{1,20}$' }),
          workingDays: Type.Integer({ minimum: -60, maximum: 60, description: '相对办理期限的工作日：负数为之前，0 为当日，正数为之后' }),
          notify: Type.Union([Type.Literal('handler'), Type.Literal('unit_head'), Type.Literal('leader')], { description: '催办对象：承办人 / 单位负责人 / 交办领导' }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 10 },
    ),
  },
  { additionalProperties: false },
);

export const CategoryParams = Type.Object({ key: Type.String({ pattern: '^[a-z_]{1,40}$', description: '类别代码' }) });

export const CategoryBody = Type.Object(
  {
    name: Type.Object({ zh: Text(40, '名称'), en: Text(80, 'Name') }, { additionalProperties: false }),
    requiredSteps: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20, description: '办结前必经的环节（流程操作，或 report_progress 进展报告、chase 催办）' }),
    reportEveryDays: Type.Integer({ minimum: 0, maximum: 365, description: '进展报告周期（天，0 为不要求）' }),
    defaultDeadlineDays: Type.Integer({ minimum: 1, maximum: 750, description: '默认办理期限（工作日）' }),
    active: Type.Optional(Type.Boolean()),
    version: Type.Optional(Type.Integer({ minimum: 1, description: '修改已有类别时必填' })),
  },
  { additionalProperties: false },
);

export const EditBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    title: Type.Optional(Text(200, '督办事项')),
    requirement: Type.Optional(Type.String({ maxLength: 5000, description: '督办要求' })),
    milestones: Type.Optional(Type.Array(Milestone, { maxItems: 30 })),
    priority: Type.Optional(literals(PRIORITIES, '优先级')),
    leadPersonId: Type.Optional(Type.Union([Id, Type.Null()], { description: '主办单位联系人' })),
    coUnits: Type.Optional(Type.Array(CoUnit, { maxItems: 30, description: '协办单位及其联系人（整体替换）' })),
  },
  { additionalProperties: false },
);
