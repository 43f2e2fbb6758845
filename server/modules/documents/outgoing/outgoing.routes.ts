import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context.js';

/** 发文 routes (being built). */
export async function outgoingRoutes(_app: FastifyInstance, _opts: { ctx: AppContext }) {}
