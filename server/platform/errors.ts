// One error type for the whole server; the HTTP layer turns it into { error: { code, message, details } }.
export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthenticated'
  | 'mfa_required'
  | 'mfa_enrolment_required'
  | 'forbidden'
  | 'csrf_failed'
  | 'not_found'
  | 'conflict'
  | 'stale_version'
  | 'locked_out'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'rate_limited'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  mfa_required: 401,
  mfa_enrolment_required: 403,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  stale_version: 409,
  locked_out: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export const notFound = (what = '记录') => new AppError('not_found', `${what}不存在或无权访问`);
export const forbidden = (message = '无权执行此操作') => new AppError('forbidden', message);
export const invalid = (message: string, details: Record<string, unknown> = {}) =>
  new AppError('validation_failed', message, details);
export const staleVersion = () =>
  new AppError('stale_version', '记录已被他人修改，请刷新后重试', {});
