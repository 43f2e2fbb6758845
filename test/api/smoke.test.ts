import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe.each(DIALECTS)('smoke on %s', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ dialect });
  });
  afterAll(async () => s?.close());

  it('answers health only with a database', async () => {
    const r = await s.anonymous().get('/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok' });
  });

  it('logs in and shows /me with roles and a csrf token', async () => {
    const c = s.anonymous();
    const me = await c.login('wangfang');
    expect(me.roles).toEqual(['secretary']);
    expect(me.csrfToken).toMatch(/.{20,}/);
    const r = await c.get('/api/v1/me');
    expect(r.status).toBe(200);
    expect(r.body.name).toBe('王芳');
  });
});
