import { Type } from '@sinclair/typebox';
import { ROLES } from '../../../common/roles.js';

const Id = Type.String({ minLength: 1, maxLength: 40, description: '记录 ID' });
const RoleEnum = Type.Union(ROLES.map((r) => Type.Literal(r)));

export const IdParams = Type.Object({ id: Id });

export const CompanyPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '公司名称' })),
    shortName: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: '简称' })),
    fondsCode: Type.Optional(Type.String({ minLength: 1, maxLength: 20, pattern: '^[A-Za-z0-9]+$', description: '全宗号' })),
    orgCode: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: '机关代字，如 总经办' })),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);

export const DepartmentCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60, description: '部门名称' }),
    code: Type.String({ minLength: 1, maxLength: 20, pattern: '^[A-Za-z0-9_-]+$', description: '部门编码' }),
    parentId: Type.Optional(Type.Union([Id, Type.Null()])),
    kind: Type.Optional(Type.Union([Type.Literal('office'), Type.Literal('department'), Type.Literal('branch')])),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  },
  { additionalProperties: false },
);

export const DepartmentPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 20, pattern: '^[A-Za-z0-9_-]+$' })),
    parentId: Type.Optional(Type.Union([Id, Type.Null()])),
    kind: Type.Optional(Type.Union([Type.Literal('office'), Type.Literal('department'), Type.Literal('branch')])),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);

export const VersionQuery = Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export const PeopleQuery = Type.Object(
  {
    departmentId: Type.Optional(Id),
    q: Type.Optional(Type.String({ maxLength: 50, description: '按姓名、用户名、职务搜索' })),
    role: Type.Optional(RoleEnum),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 1000000, default: 0 }),
  },
  { additionalProperties: false },
);

const Phone = Type.Union([Type.String({ maxLength: 30, pattern: '^[0-9+() -]*$' }), Type.Null()]);
const Email = Type.Union([Type.String({ maxLength: 120, format: 'email' }), Type.Null()]);

export const PersonCreate = Type.Object(
  {
    username: Type.String({ minLength: 2, maxLength: 40, pattern: '^[a-z][a-z0-9._-]*$', description: '用户名（小写字母开头）' }),
    name: Type.String({ minLength: 1, maxLength: 40, description: '姓名' }),
    departmentId: Id,
    position: Type.Optional(Type.String({ maxLength: 40, description: '职务' })),
    rankOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, description: '排序号（座次用，越小越靠前）' })),
    phone: Type.Optional(Phone),
    email: Type.Optional(Email),
    roles: Type.Optional(Type.Array(RoleEnum, { maxItems: 10, uniqueItems: true })),
    clearance: Type.Optional(Type.Integer({ minimum: 0, maximum: 4, description: '涉密等级 0 公开 … 4 绝密' })),
    password: Type.Optional(Type.String({ minLength: 8, maxLength: 128, description: '初始密码' })),
  },
  { additionalProperties: false },
);

export const PersonPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    departmentId: Type.Optional(Id),
    position: Type.Optional(Type.String({ maxLength: 40 })),
    rankOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    phone: Type.Optional(Phone),
    email: Type.Optional(Email),
    roles: Type.Optional(Type.Array(RoleEnum, { maxItems: 10, uniqueItems: true })),
    clearance: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);

export const PasswordReset = Type.Object({ password: Type.String({ minLength: 8, maxLength: 128 }) }, { additionalProperties: false });
