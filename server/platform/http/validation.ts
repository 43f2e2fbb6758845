// Request validation: bodies are JSON and must have the declared types (no coercion, no extra
// fields); query strings are text by nature, so their numbers and booleans are parsed.
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; its function sits on .default under ESM interop.
const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
import type { FastifySchemaCompiler } from 'fastify';

function makeAjv(coerce: boolean) {
  const ajv = new Ajv({
    coerceTypes: coerce,
    removeAdditional: false,
    useDefaults: true,
    allErrors: false,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

const bodyAjv = makeAjv(false);
const queryAjv = makeAjv(true);

/**
 * A route under /api/ that declares no query schema takes no query parameters: an unknown
 * parameter is refused like an unknown body field, instead of being silently ignored.
 */
export function strictQueryByDefault(route: { url: string; method: string | string[]; schema?: Record<string, unknown> }) {
  if (!route.url.startsWith('/api/v1/')) return;
  route.schema = route.schema ?? {};
  if (!route.schema.querystring) route.schema.querystring = { type: 'object', properties: {}, additionalProperties: false };
}

export const validatorCompiler: FastifySchemaCompiler<any> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : queryAjv;
  return ajv.compile(schema) as any;
};
