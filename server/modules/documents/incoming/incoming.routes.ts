import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context.js';

/** 收文 routes (being built). */
export async function incomingRoutes(_app: FastifyInstance, _opts: { ctx: AppContext }) {}
