// Request and response schemas of the generic search route (they feed OpenAPI).
import { Type } from '@sinclair/typebox';
import { MAX_QUERY_CHARS } from './search-query.js';
import { RANK_WINDOW } from './search.repository.js';
import { MAX_LIMIT } from './search.service.js';

export const SearchQuerySchema = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: MAX_QUERY_CHARS, description: '检索词：空格分隔的词须同时出现，每个词至少两个字（如 会议、王芳、总经办发〔2026〕12号）' }),
    recordType: Type.Optional(Type.String({ maxLength: 40, description: '只查某类记录（如 document）' })),
    year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2200, description: '年度' })),
    kind: Type.Optional(Type.String({ maxLength: 40, description: '文种等类别' })),
    state: Type.Optional(Type.String({ maxLength: 40, description: '状态' })),
    sender: Type.Optional(Type.String({ maxLength: 200, description: '来文单位或发文单位' })),
    classification: Type.Optional(Type.Integer({ minimum: 0, maximum: 4, description: '密级 0 公开 … 4 绝密' })),
    order: Type.Union([Type.Literal('newest'), Type.Literal('relevance')], { default: 'newest', description: `newest：最新在前；relevance：在最新的 ${RANK_WINDOW} 条命中中按相关度排序` }),
    limit: Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: 20 }),
    before: Type.Optional(Type.Integer({ minimum: 1, description: '按时间翻页：上一页返回的 next.before' })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: RANK_WINDOW - 1, description: '按相关度翻页：上一页返回的 next.offset' })),
  },
  { additionalProperties: false },
);

const Hit = Type.Object({
  recordType: Type.String(),
  recordId: Type.String(),
  title: Type.String(),
  reference: Type.Union([Type.String(), Type.Null()]),
  kind: Type.Union([Type.String(), Type.Null()]),
  state: Type.Union([Type.String(), Type.Null()]),
  sender: Type.Union([Type.String(), Type.Null()]),
  year: Type.Union([Type.Integer(), Type.Null()]),
  classification: Type.Integer(),
  occurredAt: Type.String(),
  seq: Type.Integer(),
});

export const SearchResponseSchema = Type.Object({
  items: Type.Array(Hit),
  total: Type.Integer({ description: '可见的命中数，最多 1000' }),
  totalCapped: Type.Boolean({ description: '为 true 时命中超过 total（显示为“1,000+”）' }),
  next: Type.Union([Type.Object({ before: Type.Integer() }), Type.Object({ offset: Type.Integer() }), Type.Null()]),
});
