// Property test: random actions by random people through the HTTP API, then invariants written
// apart from the workflow table — no document is numbered without a sign-off in its trail, no
// issue number is given twice, and every gap in the numbers is a voided ledger row with a reason.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type Client, type TestServer } from '../helpers/server.js';
import { act, cast, departmentId, draft, SIGN, type Cast } from './outgoing-helpers.js';

const PEOPLE = { drafter: '冯霞', head: '钱伟', director: '陈静', secretary: '王芳', gm: '张建国', clerk: '赵敏', hr: '许梅', market: '曹阳', vice: '李明' } as const;
type Who = keyof typeof PEOPLE;
const ACTIONS = ['submit', 'review_approve', 'request_countersign', 'countersign', 'office_approve', 'office_reject', 'proofread', 'sign_off', 'check_ok', 'void_number', 'print_seal', 'dispatch', 'send_back', 'sign_off'] as const;

const command = fc.record({
  doc: fc.nat({ max: 1 }),
  who: fc.constantFrom(...(Object.keys(PEOPLE) as Who[])),
  action: fc.constantFrom(...ACTIONS),
  // Sometimes a required item is left out, to mix refusals in.
  complete: fc.boolean(),
  // Guided: someone who may act now takes one of the actions the API offers them (else the random
  // ones above rarely get a document far enough to number it).
  guided: fc.boolean(),
  pick: fc.nat({ max: 20 }),
});

describe.each(DIALECTS)('outgoing invariants under random actions on %s', (dialect) => {
  let s: TestServer;
  let k: Cast;
  let depts: string[];
  const created: string[] = [];
  beforeAll(async () => {
    s = await startServer({ dialect });
    k = await cast(s);
    depts = [await departmentId(s, 'RSB'), await departmentId(s, 'SCB')];
  });
  afterAll(async () => s?.close());

  function inputFor(action: string, who: Who, complete: boolean): { input: Record<string, unknown>; opinion?: string } {
    switch (action) {
      case 'submit':
        return { input: { singleMatter: complete } };
      case 'request_countersign':
        return { input: complete ? { countersignDepartments: depts } : {}, opinion: '请会签' };
      case 'sign_off':
        return { input: complete ? { ...SIGN, signerName: PEOPLE[who] } : { ...SIGN, signedOn: '' }, opinion: '同意' };
      case 'dispatch':
        return { input: complete ? { recipients: [{ name: '各部门', kind: 'main' }] } : {} };
      case 'office_reject':
      case 'send_back':
      case 'countersign':
        return { input: {}, ...(complete && { opinion: '意见' }) };
      default:
        return { input: {}, opinion: '同意' };
    }
  }

  async function run(c: Client, id: string, action: string, who: Who, complete: boolean) {
    if (action === 'void_number') {
      const v = (await c.get(`/api/v1/outgoing/${id}`)).body?.version ?? 1;
      return c.post(`/api/v1/outgoing/${id}/void-number`, { version: v, reason: complete ? '登记有误' : '' });
    }
    const { input, opinion } = inputFor(action, who, complete);
    return act(c, id, action, input, opinion);
  }

  async function checkInvariants() {
    const year = new Date().getFullYear();
    const ledger = (await k.director.get(`/api/v1/outgoing/numbers?year=${year}`)).body.items as { number: number; state: string; voidReason: string | null; documentId: string }[];
    const numbers = ledger.map((x) => x.number);
    // No number twice, and no gap: the ledger holds exactly 1..max.
    expect(new Set(numbers).size).toBe(numbers.length);
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
    const current = new Map<string, string | null>();
    for (const id of created) {
      const d = (await k.director.get(`/api/v1/outgoing/${id}`)).body;
      current.set(id, d.issueNumber);
      // A number exists only after a sign-off that no send-back has undone.
      const trail = d.trail.map((t: any) => t.action) as string[];
      trail.forEach((a, i) => {
        if (a !== 'check_ok') return;
        const lastDrafting = Math.max(trail.lastIndexOf('send_back', i), -1);
        expect(trail.slice(lastDrafting + 1, i), `${id}: ${trail.join(',')}`).toContain('sign_off');
      });
      if (['registered', 'sealed', 'dispatched'].includes(d.state)) expect(d.issueNumber).toMatch(/^示例集团发〔\d{4}〕[1-9]\d*号$/);
      else expect(d.issueNumber).toBeNull();
    }
    const live = [...current.values()].filter(Boolean);
    expect(new Set(live).size).toBe(live.length);
    // Every ledger number is either the live number of its document or voided with a reason.
    for (const n of ledger) {
      const own = current.get(n.documentId) === `示例集团发〔${year}〕${n.number}号`;
      if (n.state === 'used') expect(own, `number ${n.number}`).toBe(true);
      else expect(n.voidReason?.trim(), `voided ${n.number}`).toBeTruthy();
    }
    expect(ledger.filter((n) => n.state === 'used').length).toBe(live.length);
  }

  it('keeps the invariants whatever is tried, by whom, in which order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 10, maxLength: 50 }), async (cmds) => {
        const docs = await Promise.all([0, 1].map(() => draft(k.drafter)));
        created.push(...docs.map((d) => d.id));
        for (const c of cmds) {
          let { who, action } = c;
          if (c.guided) {
            const names = Object.keys(PEOPLE) as Who[];
            for (let i = 0; i < names.length; i++) {
              const candidate = names[(c.pick + i) % names.length];
              const d = await k[candidate].get(`/api/v1/outgoing/${docs[c.doc].id}`);
              const all = d.status === 200 ? (d.body.abilities as { action: string; backward: boolean }[]) : [];
              // Mostly forward, now and then back (send back, refuse, void a number).
              const offered = c.pick % 6 === 0 ? all : all.filter((a) => !a.backward);
              if (offered.length) {
                who = candidate;
                action = offered[c.pick % offered.length].action as typeof action;
                break;
              }
            }
          }
          const r = await run(k[who], docs[c.doc].id, action, who, c.complete || !c.guided ? c.complete : true);
          expect(r.status, `${c.who} ${c.action}: ${r.text}`).toBeLessThan(500);
          expect([200, 400, 403, 409, 422]).toContain(r.status);
        }
        await checkInvariants();
      }),
      { numRuns: 10 },
    );
    // The random runs do not always get a document as far as its number, so one more is taken the
    // whole way forward by whoever the API offers a forward step (complete inputs), and the
    // invariants are checked once more: the check must have numbered documents to judge.
    const doc = await draft(k.drafter);
    created.push(doc.id);
    const names = Object.keys(PEOPLE) as Who[];
    for (let step = 0; step < 30; step++) {
      let next: { who: Who; action: string } | null = null;
      for (const who of names) {
        const d = await k[who].get(`/api/v1/outgoing/${doc.id}`);
        const forward = d.status === 200 ? (d.body.abilities as { action: string; backward: boolean }[]).filter((a) => !a.backward && !['office_reject', 'void_number'].includes(a.action)) : [];
        if (forward.length) {
          next = { who, action: forward[0].action };
          break;
        }
      }
      if (!next) break;
      const r = await run(k[next.who], doc.id, next.action, next.who, true);
      expect(r.status, `${next.who} ${next.action}: ${r.text}`).toBe(200);
    }
    await checkInvariants();
    const ledger = (await k.director.get(`/api/v1/outgoing/numbers?year=${new Date().getFullYear()}`)).body.items;
    expect(ledger.length).toBeGreaterThan(0);
    expect((await k.director.get(`/api/v1/outgoing/${doc.id}`)).body.state).toBe('dispatched');
  }, 300_000);
});
