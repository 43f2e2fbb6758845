// GET /api/v1/documents/:id: what a link that only knows a document's id (a search hit, a
// notification, an event from another module) needs to open it — its direction and heading — under
// the same access policy as the full detail.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { locateDocument } from './document.locate.js';

const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40, description: '记录 ID' }) });

const Located = Type.Object({
  id: Type.String(),
  direction: Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')]),
  title: Type.String(),
  number: Type.Union([Type.String(), Type.Null()]),
  state: Type.String(),
  classification: Type.Integer({ description: '密级' }),
  path: Type.String({ description: '网页中的地址' }),
});

export async function documentRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  app.get('/api/v1/documents/:id', {
    config: { access: 'documents.read' },
    schema: { tags: ['documents'], summary: '按 ID 定位公文（收文或发文）', params: Params, response: { 200: Located } },
    handler: async (req) => {
      const { id } = req.params as { id: string };
      const doc = await locateDocument(ctx.database.db, req.actor!, id);
      if (!doc) throw notFound('公文');
      return doc;
    },
  });
}
