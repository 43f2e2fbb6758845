// Workflows as data (STYLE.md §5): states, actions, who may act and what each action requires.
// The server enforces a definition with `decide`; the web shows exactly `availableActions`.

export interface Label {
  zh: string;
  en: string;
}

/**
 * Who may take an action. A role grants it to everyone holding the role; a relation grants it to
 * the people a record names in that relation (its drafter, the handler, the current assignee …),
 * which the server works out per record and caller.
 */
export type Actor = { role: string } | { relation: string };

export interface ActionDef<S extends string = string> {
  key: string;
  label: Label;
  from: readonly S[];
  to: S;
  by: readonly Actor[];
  /** Fields the action's input must carry, non-empty (e.g. sign-off: approval, name and date). */
  requires?: readonly string[];
  /** An opinion (意见) is asked for; `requires` decides whether it is mandatory. */
  opinion?: boolean;
  /** Shown as a secondary (e.g. send back) rather than the main way forward. */
  backward?: boolean;
}

export interface WorkflowDef<S extends string = string> {
  key: string;
  label: Label;
  states: Record<S, Label & { final?: boolean }>;
  initial: S;
  actions: readonly ActionDef<S>[];
}

/** What the server knows about the caller in relation to one record. */
export interface Standing {
  roles: readonly string[];
  relations: readonly string[];
}

export function mayAct(action: ActionDef, who: Standing): boolean {
  return action.by.some((a) => ('role' in a ? who.roles.includes(a.role) : who.relations.includes(a.relation)));
}

/** The actions open to this caller on a record in `state`, in definition order. */
export function availableActions<S extends string>(def: WorkflowDef<S>, state: S, who: Standing): ActionDef<S>[] {
  return def.actions.filter((a) => a.from.includes(state) && mayAct(a, who));
}

export type Decision<S extends string> =
  | { ok: true; to: S; action: ActionDef<S> }
  | { ok: false; reason: 'unknown_action' | 'wrong_state' | 'not_allowed' | 'missing_fields'; missing?: string[] };

function filled(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.trim().length > 0;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/** Whether `actionKey` may be taken now, by this caller, with this input; and where it leads. */
export function decide<S extends string>(def: WorkflowDef<S>, state: S, actionKey: string, who: Standing, input: Record<string, unknown> = {}): Decision<S> {
  const action = def.actions.find((a) => a.key === actionKey);
  if (!action) return { ok: false, reason: 'unknown_action' };
  if (!action.from.includes(state)) return { ok: false, reason: 'wrong_state' };
  if (!mayAct(action, who)) return { ok: false, reason: 'not_allowed' };
  const missing = (action.requires ?? []).filter((f) => !filled(input[f]));
  if (missing.length) return { ok: false, reason: 'missing_fields', missing };
  return { ok: true, to: action.to, action };
}

/** States reachable from the initial one; a definition with unreachable or dead-end states is wrong. */
export function reachableStates<S extends string>(def: WorkflowDef<S>): Set<S> {
  const seen = new Set<S>([def.initial]);
  const queue: S[] = [def.initial];
  while (queue.length) {
    const s = queue.shift()!;
    for (const a of def.actions) if (a.from.includes(s) && !seen.has(a.to)) {
      seen.add(a.to);
      queue.push(a.to);
    }
  }
  return seen;
}
