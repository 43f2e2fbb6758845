// GET /api/v1/search: one search over every record type in the index, for the staff who read
// records (not the administrator, who has no business with records, nor the auditor: 三权分立);
// which hits each reader gets is decided inside the query by the access policy.
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { SearchQuerySchema, SearchResponseSchema } from './search.schema.js';

export async function searchRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  app.get('/api/v1/search', {
    config: { access: { any: ['documents.read', 'files.read'] } },
    schema: {
      tags: ['search'],
      summary: '全文检索（标题、文号、来文单位、正文；按二字组索引，两字词与人名均可检索）',
      querystring: SearchQuerySchema,
      response: { 200: SearchResponseSchema },
    },
    handler: async (req) => {
      const { hits, ...rest } = await ctx.search.search(req.actor!, req.query as Static<typeof SearchQuerySchema>);
      return { items: hits, ...rest };
    },
  });
}
