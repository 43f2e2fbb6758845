// The one way the web app talks to the server: JSON in and out, the CSRF header on every write,
// and the server's { error: { code, message, details } } turned into an ApiError.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
let onSessionEnded: (() => void) | null = null;

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when a request finds the session gone (logged out elsewhere, disabled, expired). */
export function setSessionEndedHandler(fn: (() => void) | null) {
  onSessionEnded = fn;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

async function toError(res: Response): Promise<ApiError> {
  let body: { error?: { code?: string; message?: unknown; details?: Record<string, unknown> } } | null = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON: a proxy or network error page */
  }
  const e = body?.error;
  if (e && typeof e.message === 'string') return new ApiError(res.status, e.code ?? 'error', e.message, e.details ?? {});
  return new ApiError(res.status, 'http_error', `请求失败（HTTP ${res.status}）`);
}

export async function request<T>(method: string, path: string, body?: unknown, opts: { quietAuth?: boolean } = {}): Promise<Response & { json(): Promise<T> }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试');
  }
  if (!res.ok) {
    const err = await toError(res);
    if (err.status === 401 && err.code === 'unauthenticated' && !opts.quietAuth) onSessionEnded?.();
    throw err;
  }
  return res;
}

async function json<T>(method: string, path: string, body?: unknown, opts?: { quietAuth?: boolean }): Promise<T> {
  const res = await request<T>(method, path, body, opts);
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => json<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body: unknown = {}, opts?: { quietAuth?: boolean }) => json<T>('POST', path, body, opts),
  patch: <T>(path: string, body: unknown) => json<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => json<T>('PUT', path, body),
  delete: <T>(path: string) => json<T>('DELETE', path),
  upload: <T>(path: string, form: FormData) => json<T>('POST', path, form),
  /** Fetches a file and hands it to the browser as a download (errors still show as ApiError). */
  async download(path: string, fallbackName: string) {
    const res = await request('GET', path);
    const blob = await res.blob();
    const disposition = res.headers.get('content-disposition') ?? '';
    const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
    const name = star ? decodeURIComponent(star[1]) : fallbackName;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};
