// 协调 (seed 三 2.1–2.14) as a sub-module of supervision.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context.js';
import type { SupervisionService } from '../supervision.service.js';
import { coordinationRoutes } from './coordination.routes.js';
import { CoordinationService } from './coordination.service.js';

export { CoordinationService, COORDINATION, type CoordinationTask } from './coordination.service.js';
export { COORDINATION_WORKFLOW, type CoordinationState } from './coordination.workflow.js';

export async function coordinationModule(app: FastifyInstance, { ctx, service }: { ctx: AppContext; service: SupervisionService }) {
  await app.register(coordinationRoutes, { ctx, coordination: new CoordinationService(ctx, service) });
}
