// Request schemas of the 传阅 routes (they feed OpenAPI).
import { Type } from '@sinclair/typebox';

const Id = Type.String({ minLength: 1, maxLength: 40, description: '记录 ID' });

export const CirculationParams = Type.Object({ id: Id, cid: Id });

export const Circulate = Type.Object(
  {
    departmentIds: Type.Array(Id, { minItems: 1, maxItems: 100, description: '传阅部门（按传阅顺序）' }),
    mode: Type.Union([Type.Literal('sequential'), Type.Literal('parallel')], { description: 'sequential 依次传阅 / parallel 同时传阅' }),
  },
  { additionalProperties: false },
);

export const ChaseReader = Type.Object(
  {
    departmentId: Id,
    note: Type.String({ minLength: 1, maxLength: 500, description: '催阅说明' }),
  },
  { additionalProperties: false },
);

export type CirculateBody = { departmentIds: string[]; mode: 'sequential' | 'parallel' };
