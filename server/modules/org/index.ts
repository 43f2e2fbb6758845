// The org module's public surface: other modules import only this file.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { OrgService } from './org.service.js';
import { orgRoutes } from './org.routes.js';

export { OrgService } from './org.service.js';
export { newPersonRow, type NewPerson } from './person-row.js';

export async function orgModule(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const org = new OrgService(ctx);
  await app.register(orgRoutes, { ctx, org });
}
