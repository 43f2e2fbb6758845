// Invariants of the workflow definitions, written apart from the tables: a wrong table fails here
// even though it is self-consistent.
import { describe, expect, it } from 'vitest';
import { decide, availableActions, type WorkflowDef } from './workflow.js';
import { OUTGOING_WORKFLOW } from './outgoing.workflow.js';
import { INCOMING_WORKFLOW } from './incoming.workflow.js';

/** States reachable from `from` using only the actions not excluded (own BFS, not the engine's). */
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

const everyone = { roles: ['gm', 'vice_gm', 'office_director', 'secretary', 'dept_head', 'clerk'], relations: ['drafter', 'dept_head_of_drafter', 'countersigner', 'current_handler', 'authorised_signer', 'leader_in_charge', 'handler', 'office_clerk'] };

describe.each([OUTGOING_WORKFLOW, INCOMING_WORKFLOW] as WorkflowDef[])('workflow $key', (def) => {
  it('reaches every state from the first one', () => {
    expect([...reach(def, def.initial)].sort()).toEqual(Object.keys(def.states).sort());
  });

  it('lets every unfinished state move forward, and nothing leave a final state', () => {
    for (const [state, meta] of Object.entries(def.states)) {
      const forward = def.actions.filter((a) => (a.from as readonly string[]).includes(state) && !a.backward);
      if (meta.final) expect(def.actions.filter((a) => (a.from as readonly string[]).includes(state)), state).toEqual([]);
      else expect(forward.length, `${state} has no way forward`).toBeGreaterThan(0);
    }
  });

  it('names every state in both languages and has unique action keys', () => {
    for (const label of Object.values(def.states)) expect(label.zh && label.en).toBeTruthy();
    expect(new Set(def.actions.map((a) => a.key)).size).toBe(def.actions.length);
  });

  it('answers unknown actions and actions out of their state as refusals', () => {
    expect(decide(def, def.initial, 'no_such_action', everyone)).toEqual({ ok: false, reason: 'unknown_action' });
    const laterAction = def.actions.find((a) => !(a.from as readonly string[]).includes(def.initial))!;
    expect(decide(def, def.initial, laterAction.key, everyone)).toMatchObject({ ok: false, reason: 'wrong_state' });
  });
});

describe('outgoing documents (发文)', () => {
  const W = OUTGOING_WORKFLOW;

  it('never registers (numbers) a document that was not signed off', () => {
    expect(reach(W, 'drafting', ['sign_off']).has('registered')).toBe(false);
    expect(reach(W, 'drafting').has('registered')).toBe(true);
  });

  it('puts proofreading before sign-off (seed 三 3.8) and review before proofreading', () => {
    expect(reach(W, 'drafting', ['proofread']).has('signoff')).toBe(false);
    expect(reach(W, 'drafting', ['review_approve', 'countersign']).has('proofreading')).toBe(false);
  });

  it('requires approval, name and date to sign off — each one (seed 二 2.3)', () => {
    const gm = { roles: ['gm'], relations: [] };
    const full = { approval: '同意', signerName: '张建国', signedOn: '2026-11-27' };
    expect(decide(W, 'signoff', 'sign_off', gm, full)).toMatchObject({ ok: true, to: 'check' });
    for (const field of Object.keys(full)) {
      const partial = { ...full, [field]: '  ' };
      expect(decide(W, 'signoff', 'sign_off', gm, partial)).toEqual({ ok: false, reason: 'missing_fields', missing: [field] });
    }
  });

  it('lets only the GM or an authorised leader sign off', () => {
    const input = { approval: '同意', signerName: '王芳', signedOn: '2026-11-27' };
    for (const role of ['secretary', 'office_director', 'vice_gm', 'dept_head', 'clerk']) {
      expect(decide(W, 'signoff', 'sign_off', { roles: [role], relations: [] }, input)).toMatchObject({ ok: false, reason: 'not_allowed' });
    }
    expect(decide(W, 'signoff', 'sign_off', { roles: ['vice_gm'], relations: ['authorised_signer'] }, input)).toMatchObject({ ok: true });
  });

  it('lets the office refuse to issue only with a reason (seed 二 2.2)', () => {
    const director = { roles: ['office_director'], relations: [] };
    expect(decide(W, 'office_review', 'office_reject', director, {})).toMatchObject({ ok: false, reason: 'missing_fields' });
    expect(decide(W, 'office_review', 'office_reject', director, { opinion: '可发可不发' })).toMatchObject({ ok: true, to: 'rejected' });
  });

  it('shows a drafter only what a drafter may do', () => {
    expect(availableActions(W, 'drafting', { roles: ['clerk'], relations: ['drafter'] }).map((a) => a.key)).toEqual(['submit']);
    expect(availableActions(W, 'drafting', { roles: ['clerk'], relations: [] })).toEqual([]);
  });
});

describe('incoming documents (收文)', () => {
  const W = INCOMING_WORKFLOW;

  it('never hands a document out for handling before the GM instructed it', () => {
    expect(reach(W, 'received', ['instruct']).has('handling')).toBe(false);
  });

  it('does nothing with a document before it is registered', () => {
    expect([...reach(W, 'received', ['register'])]).toEqual(['received']);
  });

  it('requires the addressee check when registering (seed 二 1.5) and reasons to return', () => {
    const secretary = { roles: ['secretary'], relations: [] };
    expect(decide(W, 'received', 'register', secretary, { title: '关于…的通知', sender: '市应急局' })).toEqual({ ok: false, reason: 'missing_fields', missing: ['addresseeMatches'] });
    expect(decide(W, 'registered', 'return', secretary, {})).toMatchObject({ ok: false, reason: 'missing_fields' });
  });

  it('ends a meeting notice with the GM deciding who attends (seed 二 3.4), only from the GM desk', () => {
    const gm = { roles: ['gm'], relations: [] };
    expect(decide(W, 'awaiting_instruction', 'decide_attendance', gm, { attendeeIds: ['p1', 'p2'] })).toMatchObject({ ok: true, to: 'completed' });
    // Nobody named: not a decision on who attends.
    expect(decide(W, 'awaiting_instruction', 'decide_attendance', gm, { attendeeIds: [] })).toEqual({ ok: false, reason: 'missing_fields', missing: ['attendeeIds'] });
    expect(decide(W, 'awaiting_instruction', 'decide_attendance', gm, {})).toEqual({ ok: false, reason: 'missing_fields', missing: ['attendeeIds'] });
    for (const role of ['secretary', 'office_director', 'vice_gm', 'dept_head', 'clerk']) {
      expect(decide(W, 'awaiting_instruction', 'decide_attendance', { roles: [role], relations: ['leader_in_charge', 'handler'] }, { attendeeIds: ['p1'] })).toMatchObject({ ok: false, reason: 'not_allowed' });
    }
    // Before the notice is put before the GM, and once it is instructed or closed: out of order.
    for (const state of ['received', 'registered', 'checked', 'proposed', 'leader_opinion', 'instructed', 'handling', 'completed'] as const) {
      expect(decide(W, state, 'decide_attendance', gm, { attendeeIds: ['p1'] }), state).toMatchObject({ ok: false, reason: 'wrong_state' });
    }
    // Only from the GM's desk: without the GM's own actions nothing reaches completion past the GM.
    expect(reach(W, 'proposed', ['instruct', 'decide_attendance']).has('completed')).toBe(false);
    expect(availableActions(W, 'awaiting_instruction', gm).map((a) => a.key)).toEqual(['instruct', 'decide_attendance']);
  });

  it('lets only the GM instruct', () => {
    for (const role of ['secretary', 'office_director', 'vice_gm', 'dept_head']) {
      expect(decide(W, 'awaiting_instruction', 'instruct', { roles: [role], relations: [] }, { instruction: '请办理' })).toMatchObject({ ok: false, reason: 'not_allowed' });
    }
  });
});
