// GET /api/v1/documents/:id: what a link that only knows a document's id (a search hit, a
// notification, an event from another module) needs to open it — its direction and heading — under
// the same access policy as the full detail.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.js';
import { readableFilter } from '../../platform/access/policy.js';
import { notFound } from '../../platform/errors.js';
import { DOCUMENT_COLUMNS } from './document.access.js';
import { DocumentRepository } from './document.repository.js';
import { officeNumberOf } from './document.search.js';

const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40, description: '记录 ID' }) });

const Located = Type.Object({
  id: Type.String(),
  direction: Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')]),
  title: Type.String(),
  number: Type.Union([Type.String(), Type.Null()]),
  state: Type.String(),
  path: Type.String({ description: '网页中的地址' }),
});

export async function documentRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const docs = new DocumentRepository(ctx.database.db);
  app.get('/api/v1/documents/:id', {
    config: { access: 'documents.read' },
    schema: { tags: ['documents'], summary: '按 ID 定位公文（收文或发文）', params: Params, response: { 200: Located } },
    handler: async (req) => {
      const { id } = req.params as { id: string };
      const doc = await docs.findReadable(id, await readableFilter(ctx.database.db, req.actor!, DOCUMENT_COLUMNS));
      if (!doc) throw notFound('公文');
      return { id: doc.id, direction: doc.direction, title: doc.title, number: officeNumberOf(doc), state: doc.state, path: `/${doc.direction}/${doc.id}` };
    },
  });
}
