// Property test: random actions by random people through the HTTP API on a decomposed item, its
// sub-items and a central-work item, then invariants written apart from the workflow table: no item
// closes without a passed check and a completion report after it; nothing is reported or chased on
// an item after it closed; a parent's progress is what its children imply.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type Client, type TestServer } from '../helpers/server.js';
import { act, BASE, ids, newItem, register, type Ids } from './supervision-helpers.js';

const PEOPLE = { secretary: 'wangfang', vice: 'liming', finance: 'qianwei', hr: 'xumei', market: 'caoyang', gm: 'zhangjianguo', clerk: 'jiangning', archivist: 'sunli' } as const;
type Who = keyof typeof PEOPLE;
const ACTIONS = [
  'open', 'register', 'transfer', 'accept', 'submit_result', 'check_pass', 'check_return', 'report_completion', 'review_close', 'review_reopen', 'file', 'archive',
  'submit', 'instruct', 'report_topic', 're_instruct', 're_supervise', 're_submit_result', 're_check_pass', 're_check_return', 're_review_close',
  'report', 'chase', 'extend',
] as const;

// Named here, not imported from the workflow: what "closed", "checked" and "reported" mean.
const CLOSED = new Set(['closed', 'filed', 'archived']);
const UNIT_DONE = new Set(['completed', 'reported', 'closed', 'filed', 'archived', 'analysing', 're_reported']);
const PASSES = new Set(['check_pass', 're_check_pass']);
const REPORTS = new Set(['report_completion', 'report_topic', 're_check_pass']);
const UNDOES = new Set(['check_return', 're_check_return', 'review_reopen', 're_instruct']);

const command = fc.record({
  item: fc.nat({ max: 3 }),
  who: fc.constantFrom(...(Object.keys(PEOPLE) as Who[])),
  action: fc.constantFrom(...ACTIONS),
  complete: fc.boolean(),
  // Mostly guided (someone who may act takes an action the API offers), else the random ones
  // rarely take an item far enough to close it.
  guided: fc.nat({ max: 4 }).map((n) => n > 0),
  pick: fc.nat({ max: 30 }),
  percent: fc.integer({ min: 0, max: 100 }),
});

describe.each(DIALECTS)('supervision invariants under random actions on %s', (dialect) => {
  let s: TestServer;
  let k: Ids;
  const c = {} as Record<Who, Client>;
  const parents: string[] = [];
  const all: string[] = [];

  beforeAll(async () => {
    s = await startServer({ dialect });
    k = await ids(s);
    await Promise.all((Object.keys(PEOPLE) as Who[]).map(async (w) => (c[w] = await s.login(PEOPLE[w]))));
  });
  afterAll(async () => s?.close());

  function inputFor(action: string, complete: boolean): { input: Record<string, unknown>; opinion?: string } {
    if (!complete) return { input: {} };
    switch (action) {
      case 'submit_result':
      case 're_submit_result':
        return { input: { result: '已落实' }, opinion: '办结' };
      case 'check_return':
      case 're_check_return':
        return { input: { reasons: '不到位' }, opinion: '退回' };
      case 'report_completion':
      case 'report_topic':
      case 're_check_pass':
        return { input: { report: '回告' }, opinion: '同意' };
      default:
        return { input: {}, opinion: '同意' };
    }
  }

  async function run(who: Who, id: string, action: string, complete: boolean, percent: number) {
    const cl = c[who];
    if (action === 'report') return cl.post(`${BASE}/${id}/reports`, complete ? { text: '进展', percent } : { text: '进展' });
    if (action === 'chase') return cl.post(`${BASE}/${id}/chases`, { note: '催办' });
    if (action === 'extend') return cl.post(`${BASE}/${id}/extensions`, { deadline: '2099-12-31', reason: '延期' });
    const { input, opinion } = inputFor(action, complete);
    return act(cl, id, action, input, opinion);
  }

  async function setUp(): Promise<string[]> {
    const parent = await register(c.secretary, newItem(k, { title: '分解的督办事项', coUnits: [] }));
    const kids = (await c.secretary.post(`${BASE}/${parent.id}/children`, { items: [
      { title: '子项：财务', leadDepartmentId: k.dept.CWB, deadlineWorkingDays: 5 },
      { title: '子项：人事', leadDepartmentId: k.dept.RSB, deadlineWorkingDays: 6 },
    ] })).body.children as { id: string }[];
    const central = await register(c.secretary, newItem(k, { title: '中心工作', procedure: 'central', source: { type: 'central_work' }, category: 'special' }));
    parents.push(parent.id);
    const items = [parent.id, ...kids.map((x) => x.id), central.id];
    all.push(...items);
    return items;
  }

  async function checkInvariants() {
    for (const id of all) {
      const d = (await c.secretary.get(`${BASE}/${id}`)).body;
      expect(d.progress).toBeGreaterThanOrEqual(0);
      expect(d.progress).toBeLessThanOrEqual(100);
      const trail = d.trail as { action: string; at: string }[];
      const closeAt = trail.findIndex((t) => t.action === 'review_close' || t.action === 're_review_close');
      if (CLOSED.has(d.state)) {
        expect(closeAt, `${id} closed without a review: ${trail.map((t) => t.action)}`).toBeGreaterThan(-1);
        const before = trail.slice(0, closeAt).map((t) => t.action);
        const lastPass = before.findLastIndex((a) => PASSES.has(a));
        expect(lastPass, `no check before closing: ${before}`).toBeGreaterThan(-1);
        const lastReport = before.findLastIndex((a) => REPORTS.has(a));
        expect(lastReport, `no completion report after the last check: ${before}`).toBeGreaterThanOrEqual(lastPass);
        expect(before.slice(lastPass + 1).some((a) => UNDOES.has(a)), `check undone before closing: ${before}`).toBe(false);
        expect(d.checks.some((x: any) => x.outcome === 'passed')).toBe(true);
        expect(d.reports.some((x: any) => x.kind === 'completion')).toBe(true);
        // Nothing acts on a closed item: no progress report or manual chase after the close.
        const closedAt = trail[closeAt].at;
        for (const r of d.reports.filter((x: any) => x.kind === 'progress')) expect(r.at <= closedAt).toBe(true);
        for (const ch of d.chases) expect(ch.at <= closedAt).toBe(true);
      }
      if (parents.includes(id)) checkParent(d);
    }
  }

  function checkParent(d: { id: string; progress: number; children: { state: string; progress: number }[] }) {
    const kids = d.children;
    const implied = Math.round(kids.reduce((sum, x) => sum + (UNIT_DONE.has(x.state) ? 100 : x.progress), 0) / kids.length);
    expect(d.progress, `parent ${d.id}: ${JSON.stringify(kids)}`).toBe(implied);
  }

  it('keeps the invariants whatever is tried, by whom, in which order', async () => {
    let closedSeen = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 30, maxLength: 90 }), async (cmds) => {
        const items = await setUp();
        for (const cmd of cmds) {
          let { who, action } = cmd;
          const id = items[cmd.item];
          if (cmd.guided) {
            const names = Object.keys(PEOPLE) as Who[];
            for (let i = 0; i < names.length; i++) {
              const candidate = names[(cmd.pick + i) % names.length];
              const d = await c[candidate].get(`${BASE}/${id}`);
              if (d.status !== 200) continue;
              const offered = [...(d.body.abilities as { action: string; backward: boolean }[]).filter((a) => cmd.pick % 7 === 0 || !a.backward).map((a) => a.action), ...(d.body.may.reportProgress ? ['report'] : [])];
              if (offered.length) {
                who = candidate;
                action = offered[cmd.pick % offered.length] as typeof action;
                break;
              }
            }
          }
          const r = await run(who, id, action, cmd.guided || cmd.complete, cmd.percent);
          expect(r.status, `${who} ${action}: ${r.text}`).toBeLessThan(500);
          expect([200, 201, 400, 403, 404, 409, 422]).toContain(r.status);
          // The parent's progress holds after every step, not only at the end.
          if (cmd.item < 3) checkParent((await c.secretary.get(`${BASE}/${items[0]}`)).body);
        }
        await checkInvariants();
        for (const id of items) if (CLOSED.has((await c.secretary.get(`${BASE}/${id}`)).body.state)) closedSeen++;
      }),
      { numRuns: 10 },
    );
    console.log(`[supervision invariants ${dialect}] items closed across the runs: ${closedSeen}`);
    // The runs must have got somewhere: some items closed (else the check proves little).
    expect(closedSeen).toBeGreaterThan(0);
  }, 300_000);
});
