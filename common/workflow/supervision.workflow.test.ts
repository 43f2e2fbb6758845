// Invariants of the two supervision procedures, written apart from the tables: the seed's order
// (三 4.1, 4.2), who may act, and the central-work loop run three rounds.
import { describe, expect, it } from 'vitest';
import { availableActions, decide, type Standing, type WorkflowDef } from './workflow.js';
import { ASSIGNED_WORKFLOW, CENTRAL_WORKFLOW, NEW_ROUND_ACTIONS } from './supervision.workflow.js';

const CLOSED = ['closed', 'filed', 'archived'];
// Named here, not imported: a table that renames or drops one of them fails these tests.
const CHECKS = ['check_pass', 're_check_pass'];
const REPORTS = ['report_completion', 'report_topic', 're_check_pass'];
const FILING = ['file', 'archive'];

function reach(def: WorkflowDef, from: string, excluded: string[] = []): Set<string> {
  const seen = new Set([from]);
  let frontier = [from];
  while (frontier.length) {
    const next: string[] = [];
    for (const s of frontier) {
      for (const a of def.actions) {
        if (excluded.includes(a.key) || !(a.from as readonly string[]).includes(s) || seen.has(a.to)) continue;
        seen.add(a.to);
        next.push(a.to);
      }
    }
    frontier = next;
  }
  return seen;
}

const only = (relation: string): Standing => ({ roles: [], relations: [relation] });
const RELATIONS = ['office', 'supervisor', 'handler', 'co_handler', 'assigner'];
const everyone: Standing = { roles: ['gm', 'vice_gm', 'office_director', 'secretary', 'dept_head', 'clerk', 'archivist'], relations: RELATIONS };

describe.each([ASSIGNED_WORKFLOW, CENTRAL_WORKFLOW] as WorkflowDef[])('supervision workflow $key', (def) => {
  it('reaches every state from the first one and names each in both languages', () => {
    expect([...reach(def, def.initial)].sort()).toEqual(Object.keys(def.states).sort());
    for (const label of Object.values(def.states)) expect(label.zh && label.en).toBeTruthy();
    expect(new Set(def.actions.map((a) => a.key)).size).toBe(def.actions.length);
  });

  it('lets every unfinished state move forward, and nothing leave the archive', () => {
    for (const [state, meta] of Object.entries(def.states)) {
      const out = def.actions.filter((a) => (a.from as readonly string[]).includes(state));
      if (meta.final) expect(out).toEqual([]);
      else expect(out.filter((a) => !a.backward).length, state).toBeGreaterThan(0);
    }
  });

  it('closes no item without a check', () => {
    for (const closed of CLOSED) expect(reach(def, def.initial, CHECKS).has(closed), closed).toBe(false);
  });

  it('closes no item without a completion report to the leader', () => {
    for (const closed of CLOSED) expect(reach(def, def.initial, REPORTS).has(closed), closed).toBe(false);
  });

  it('lets only the assigning leader close (审核)', () => {
    const closing = def.actions.filter((a) => a.to === 'closed');
    expect(closing.length).toBeGreaterThan(0);
    for (const a of closing) expect(a.by).toEqual([{ relation: 'assigner' }]);
    for (const rel of RELATIONS.filter((r) => r !== 'assigner')) {
      for (const a of closing) expect(decide(def, a.from[0], a.key, { roles: everyone.roles, relations: [rel] }, { opinion: '同意' })).toMatchObject({ ok: false, reason: 'not_allowed' });
    }
  });

  it('lets only the handler submit the unit’s result, and only a supervisor check it', () => {
    for (const a of def.actions.filter((x) => x.key.endsWith('submit_result'))) expect(a.by).toEqual([{ relation: 'handler' }]);
    for (const a of def.actions.filter((x) => x.key.includes('check_'))) expect(a.by).toEqual([{ relation: 'supervisor' }]);
    // A co-unit, the office or a leader cannot stand in for the handler.
    const submit = def.actions.find((x) => x.key === 'submit_result')!;
    for (const rel of ['co_handler', 'office', 'assigner', 'supervisor']) expect(decide(def, submit.from[0], 'submit_result', { roles: everyone.roles, relations: [rel] }, { result: '办完' }).ok).toBe(false);
  });

  it('lets nothing but filing act on a closed item', () => {
    for (const s of CLOSED) for (const a of availableActions(def, s, everyone)) expect(FILING, `${a.key} on ${s}`).toContain(a.key);
  });

  it('refuses a return without reasons and a check out of turn', () => {
    const ret = def.actions.find((a) => a.key === 'check_return')!;
    expect(decide(def, 'checking', 'check_return', only('supervisor'), {})).toEqual({ ok: false, reason: 'missing_fields', missing: ['reasons'] });
    expect(ret.to === 'handling' || ret.to === 'supervising').toBe(true);
    expect(decide(def, def.initial, 'check_pass', only('supervisor'))).toMatchObject({ ok: false, reason: 'wrong_state' });
  });
});

describe('leader-assigned items (三 4.1)', () => {
  it('follows 交办 → 立项 → 登记 → 转办 → 承办 → 检查 → 办结 → 办结回告 → 审核 → 立卷 → 归档', () => {
    const W = ASSIGNED_WORKFLOW;
    const path: [string, string, Record<string, unknown>][] = [
      ['open', 'office', { leadDepartmentId: 'd1' }],
      ['register', 'office', {}],
      ['transfer', 'office', {}],
      ['accept', 'handler', {}],
      ['submit_result', 'handler', { result: '已落实' }],
      ['check_pass', 'supervisor', {}],
      ['report_completion', 'office', { report: '已办结' }],
      ['review_close', 'assigner', {}],
      ['file', 'office', {}],
      ['archive', 'office', {}],
    ];
    let state: string = W.initial;
    const seen = [W.states[state as keyof typeof W.states].zh];
    for (const [action, rel, input] of path) {
      const d = decide(W as WorkflowDef, state, action, only(rel), input);
      expect(d, `${action} from ${state}`).toMatchObject({ ok: true });
      state = (d as { to: string }).to;
      seen.push(W.states[state as keyof typeof W.states].zh);
    }
    expect(seen.join('→')).toBe('交办→立项→登记→转办→承办→检查→办结→办结回告→审核→立卷→归档');
  });
});

describe('central-work items (三 4.2)', () => {
  const W = CENTRAL_WORKFLOW as WorkflowDef;
  const step = (state: string, action: string, rel: string, input: Record<string, unknown> = {}) => {
    const d = decide(W, state, action, only(rel), input);
    expect(d, `${action} from ${state} by ${rel}`).toMatchObject({ ok: true });
    return (d as { to: string }).to;
  };

  it('runs the loop three rounds, each round starting with 再批办, then closes', () => {
    let state = W.initial;
    let round = 1;
    const trail: { round: number; state: string }[] = [{ round, state }];
    const go = (action: string, rel: string, input: Record<string, unknown> = {}) => {
      state = step(state, action, rel, input);
      if (NEW_ROUND_ACTIONS.has(action)) round++;
      trail.push({ round, state });
    };
    go('open', 'office', { leadDepartmentId: 'd1' });
    go('submit', 'office');
    go('instruct', 'assigner', { opinion: '抓紧落实' });
    go('transfer', 'office');
    go('accept', 'handler');
    go('submit_result', 'handler', { result: '第一轮落实' });
    go('check_pass', 'supervisor');
    go('report_topic', 'office', { report: '专题回告' });
    for (let r = 0; r < 2; r++) {
      go('re_instruct', 'assigner', { opinion: `再批办 ${r + 1}` });
      go('re_supervise', 'office');
      go('re_submit_result', 'handler', { result: '再落实' });
      if (r === 0) {
        go('re_check_return', 'supervisor', { reasons: '不到位' });
        go('re_submit_result', 'handler', { result: '补充落实' });
      }
      go('re_check_pass', 'supervisor', { report: '再办结回告' });
    }
    go('re_review_close', 'assigner');
    go('file', 'office');
    go('archive', 'office');
    expect(round).toBe(3);
    expect(state).toBe('archived');
    // Every round visited the check and a report before the next one began.
    for (const r of [1, 2, 3]) {
      const states = trail.filter((t) => t.round === r).map((t) => t.state);
      expect(states.some((s) => s === 'reported' || s === 're_reported'), `round ${r}`).toBe(true);
    }
    const names = [...new Set(trail.map((t) => W.states[t.state].zh))];
    expect(names).toEqual(['分解', '立项', '送审', '批办', '转交办', '督办', '检查', '综合分析', '专题回告', '再批办', '再送督办与再催办', '再检查', '再办结回告', '审核', '立案', '归档']);
  });

  it('requires the leader to give an instruction (批办) and the loop to start from a review', () => {
    expect(decide(W, 'submitted', 'instruct', only('assigner'), {})).toMatchObject({ ok: false, reason: 'missing_fields' });
    expect(decide(W, 'supervising', 're_instruct', only('assigner'), { opinion: 'x' })).toMatchObject({ ok: false, reason: 'wrong_state' });
    expect(decide(W, 'reported', 're_instruct', only('office'), { opinion: 'x' })).toMatchObject({ ok: false, reason: 'not_allowed' });
  });
});
