// The documents module's public surface (收文 and 发文): other modules import only this file.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { documentAttachmentRoutes } from './attachments/document-attachments.routes.js';
import { documentRoutes } from './document.routes.js';
import { incomingRoutes } from './incoming/incoming.routes.js';
import { outgoingRoutes } from './outgoing/outgoing.routes.js';

export { DOCUMENT, DOCUMENT_COLUMNS } from './document.access.js';
export { locateDocument, type LocatedDocument } from './document.locate.js';
export { INSTRUCTION_ORDERS_ACTION, type InstructionOrdersActionPayload } from './incoming/incoming.service.js';

export async function documentsModule(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  await app.register(documentRoutes, { ctx });
  await app.register(documentAttachmentRoutes, { ctx });
  await app.register(incomingRoutes, { ctx });
  await app.register(outgoingRoutes, { ctx });
}
