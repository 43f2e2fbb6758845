// The demo company's documents (seeded on first start) go through the real services: the GM finds
// a batch, the finance department a document to handle, the office a draft to sign off; and the
// seed keeps working as the workflows change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoDocuments } from '../../server/seed/demo-documents.js';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe.each(DIALECTS)('demo documents on %s', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ dialect });
    await seedDemoDocuments(s.ctx);
  });
  afterAll(async () => s?.close());

  it('leave each role something to do', async () => {
    const gm = await s.login('zhangjianguo');
    const batch = await gm.get('/api/v1/incoming/batches/current');
    expect(batch.status, batch.text).toBe(200);
    expect(JSON.stringify(batch.body)).toContain('关于做好年度经营业绩考核工作的通知');

    const finance = await s.login('qianwei');
    const pending = await finance.get('/api/v1/incoming?pendingForMe=true&limit=20');
    expect(pending.body.items.map((d: { title: string }) => d.title)).toContain('关于企业所得税汇算清缴有关事项的函');

    const secretary = await s.login('wangfang');
    const incoming = await secretary.get('/api/v1/incoming?limit=50');
    expect(incoming.body.items).toHaveLength(6);
    const outgoing = await secretary.get('/api/v1/outgoing?limit=50');
    const states = outgoing.body.items.map((d: { state: string }) => d.state).sort();
    expect(states).toEqual(['check', 'drafting', 'signoff']);
  });

  it('are found by search', async () => {
    const clerk = await s.login('zhaomin');
    const r = await clerk.get(`/api/v1/search?q=${encodeURIComponent('安全生产')}`);
    expect(r.status, r.text).toBe(200);
    expect(r.body.total).toBeGreaterThanOrEqual(1);
  });
});
