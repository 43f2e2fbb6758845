// Turns every error into { error: { code, message, details } } with the right status; never a
// stack trace or SQL in a response.
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.js';

function fromFastify(err: FastifyError): AppError | null {
  if (err.validation) {
    const first = err.validation[0];
    const field = (first?.instancePath || '').replace(/^\//, '').replace(/\//g, '.') || (first?.params as any)?.missingProperty || (first?.params as any)?.additionalProperty || '';
    return new AppError('validation_failed', `请求参数不合法${field ? `：${field}` : ''}`, {
      part: err.validationContext,
      field,
      rule: first?.keyword,
      reason: first?.message,
    });
  }
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('bad_request', '请求体不是合法的 JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new AppError('payload_too_large', '提交的内容过大');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('unsupported_media_type', '不支持的内容类型');
  }
  if (err.statusCode === 413) return new AppError('payload_too_large', '提交的内容过大');
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new AppError('bad_request', '请求无效', {});
  }
  return null;
}

export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const appErr = err instanceof AppError ? err : fromFastify(err);
    if (!appErr) {
      req.log.error({ err }, 'unhandled error');
      return reply.status(500).send({ error: { code: 'internal', message: '服务器内部错误', details: {} } });
    }
    return reply.status(appErr.status).send({ error: { code: appErr.code, message: appErr.message, details: appErr.details } });
  });
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({ error: { code: 'not_found', message: '接口不存在', details: {} } });
  });
});
