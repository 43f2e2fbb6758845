// Request schemas of the coordination routes (they feed OpenAPI).
import { Type } from '@sinclair/typebox';

const Id = Type.String({ minLength: 1, maxLength: 40, description: '记录 ID' });
const Text = (max: number, description: string) => Type.String({ minLength: 1, maxLength: max, description });
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '日期 YYYY-MM-DD' });

export const IdParams = Type.Object({ id: Id });

const Level = Type.Integer({ minimum: 0, maximum: 4, description: '密级 0 公开 1 内部 2 秘密 3 机密 4 绝密' });
const Scope = Type.Array(Type.Object({ kind: Type.Union([Type.Literal('person'), Type.Literal('department')]), id: Id }, { additionalProperties: false }), { maxItems: 200, description: '知悉范围（另行指定的人员或部门）' });

export const NewCoordination = Type.Object(
  {
    title: Text(200, '协调事项'),
    matter: Text(5000, '需协调的问题'),
    leaderId: Type.String({ minLength: 1, maxLength: 40, description: '审批领导' }),
    departmentIds: Type.Array(Id, { minItems: 1, maxItems: 30, description: '需协调的部门' }),
    note: Type.Optional(Type.String({ maxLength: 5000, description: '已了解的情况' })),
    classification: Type.Optional(Level),
    scope: Type.Optional(Scope),
  },
  { additionalProperties: false },
);

export const ClassifyBody = Type.Object({ version: Type.Integer({ minimum: 1 }), classification: Level, scope: Scope }, { additionalProperties: false });

export const ListQuery = Type.Object(
  {
    state: Type.Optional(Type.Union(['gathering', 'consulting', 'agreed', 'submitted', 'approved', 'closed'].map((s) => Type.Literal(s)))),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    before: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const NoteBody = Type.Object({ text: Text(5000, '了解到的情况') }, { additionalProperties: false });

export const OpinionBody = Type.Object({ opinion: Text(5000, '部门意见'), departmentId: Type.Optional(Id) }, { additionalProperties: false });

const Task = Type.Object(
  {
    title: Text(200, '任务'),
    requirement: Type.Optional(Type.String({ maxLength: 5000 })),
    leadDepartmentId: Id,
    leadPersonId: Type.Optional(Type.Union([Id, Type.Null()])),
    deadline: Type.Optional(DateText),
    deadlineWorkingDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 750 })),
    category: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);

export const ActionBody = Type.Object(
  {
    action: Type.Union(['consult', 'agree', 'reconsult', 'submit', 'approve', 'return', 'close'].map((s) => Type.Literal(s)), { description: 'consult 拟定方案并征求意见 / agree 形成协调意见 / reconsult / submit 报领导 / approve 批准 / return 退回 / close 办结' }),
    version: Type.Integer({ minimum: 1 }),
    opinion: Type.Optional(Type.String({ maxLength: 5000, description: '领导意见' })),
    input: Type.Optional(
      Type.Object(
        {
          plan: Type.Optional(Type.String({ maxLength: 10000, description: '协调方案（问题的层次和序列）' })),
          agreedOpinion: Type.Optional(Type.String({ maxLength: 10000, description: '协调意见' })),
          tasks: Type.Optional(Type.Array(Task, { maxItems: 50, description: '批准后列入督办的任务' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
