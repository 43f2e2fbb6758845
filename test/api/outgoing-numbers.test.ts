// 发文字号 under concurrency: 200 registrations at once on 200 documents get unique, contiguous
// numbers 1..200; a voided number stays in the ledger and the sequence never gives it again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { cast, ok, toCheck, type Cast } from './outgoing-helpers.js';

const N = 200;

async function inBatches<T>(n: number, width: number, f: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += width) out.push(...(await Promise.all(Array.from({ length: Math.min(width, n - i) }, (_, j) => f(i + j)))));
  return out;
}

describe.each(DIALECTS)('issue numbers under concurrency on %s', (dialect) => {
  let s: TestServer;
  let k: Cast;
  beforeAll(async () => {
    s = await startServer({ dialect });
    k = await cast(s);
  });
  afterAll(async () => s?.close());

  it(`gives ${N} concurrent registrations the numbers 1..${N}, each once`, async () => {
    const ids = await inBatches(N, 20, () => toCheck(k));
    const versions = await Promise.all(ids.map(async (id) => (await k.secretary.get(`/api/v1/outgoing/${id}`)).body.version));
    // All at once: the secretary and the director race each other.
    const results = await Promise.all(
      ids.map((id, i) => (i % 2 ? k.secretary : k.director).post(`/api/v1/outgoing/${id}/actions`, { action: 'check_ok', version: versions[i], input: {} })),
    );
    expect(results.map((r) => r.status)).toEqual(ids.map(() => 200));
    const year = new Date().getFullYear();
    const numbers = results.map((r) => {
      const m = /^示例集团发〔(\d{4})〕([1-9]\d*)号$/.exec(r.body.issueNumber);
      expect(m, r.body.issueNumber).not.toBeNull();
      expect(Number(m![1])).toBe(year);
      return Number(m![2]);
    });
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    const ledger = await k.director.get(`/api/v1/outgoing/numbers?year=${year}`);
    expect(ledger.body.items.map((x: any) => [x.number, x.state])).toEqual(Array.from({ length: N }, (_, i) => [i + 1, 'used']));
    // One document per number, and each document holds the number the ledger gives it.
    const byDoc = new Map(ledger.body.items.map((x: any) => [x.documentId, x.number]));
    expect(byDoc.size).toBe(N);
    results.forEach((r, i) => expect(byDoc.get(ids[i])).toBe(numbers[i]));
  }, 120_000);

  it('never reuses a voided number: the next registration takes the next one and the gap is explained', async () => {
    const id = await toCheck(k);
    const first = await ok(k.secretary, id, 'check_ok');
    const v = (await k.director.get(`/api/v1/outgoing/${id}`)).body.version;
    expect((await k.director.post(`/api/v1/outgoing/${id}/void-number`, { version: v, reason: '重复登记' })).status).toBe(200);
    const other = await toCheck(k);
    const next = await ok(k.secretary, other, 'check_ok');
    const again = await ok(k.secretary, id, 'check_ok');
    const n = (t: string) => Number(/〕(\d+)号$/.exec(t)![1]);
    expect([n(first.issueNumber), n(next.issueNumber), n(again.issueNumber)]).toEqual([N + 1, N + 2, N + 3]);
    const items = (await k.director.get(`/api/v1/outgoing/numbers?year=${new Date().getFullYear()}`)).body.items;
    expect(items.find((x: any) => x.number === N + 1)).toMatchObject({ state: 'voided', voidReason: '重复登记', documentId: id });
    expect(items.filter((x: any) => x.state === 'used').map((x: any) => x.number)).not.toContain(N + 1);
  });
});
