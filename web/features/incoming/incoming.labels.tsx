// How the 收文 screens name things: states and actions from the workflow definition (both
// languages), urgency, the steps outside the workflow (sign-for, circulation, chasing), and the
// department and people names that records carry only as ids.
import { Tag } from 'antd';
import { INCOMING_WORKFLOW, type IncomingState } from '../../../common/workflow/incoming.workflow.js';
import { useI18n } from '../../lib/i18n.js';
import { useApi } from '../../lib/use-api.js';
import type { MessageKey } from '../../lib/messages.js';
import { orgApi } from '../org/org.api.js';
import type { Urgency } from './incoming.api.js';

const URGENCY_KEYS: Record<Urgency, MessageKey> = { normal: 'incoming.urgency.normal', urgent: 'incoming.urgency.urgent', very_urgent: 'incoming.urgency.very_urgent' };
const URGENCY_COLORS: Record<Urgency, string> = { normal: 'default', urgent: 'orange', very_urgent: 'red' };

/** Trail steps that are not workflow actions. */
const STEP_KEYS: Record<string, MessageKey> = {
  sign_for: 'incoming.step.sign_for',
  circulate: 'incoming.step.circulate',
  circulation_recall: 'incoming.step.circulation_recall',
  chase: 'incoming.step.chase',
  return_slip_sent: 'incoming.step.return_slip_sent',
};

const STATE_COLORS: Partial<Record<IncomingState, string>> = {
  received: 'default',
  registered: 'blue',
  checked: 'blue',
  returned: 'default',
  proposed: 'cyan',
  leader_opinion: 'purple',
  awaiting_instruction: 'gold',
  instructed: 'orange',
  handling: 'processing',
  completed: 'success',
};

export const INCOMING_STATES = Object.keys(INCOMING_WORKFLOW.states) as IncomingState[];

export function useIncomingLabels() {
  const { t, l } = useI18n();
  return {
    urgency: (u: Urgency) => t(URGENCY_KEYS[u] ?? 'incoming.urgency.normal'),
    state: (s: string) => l(INCOMING_WORKFLOW.states[s as IncomingState], s),
    /** A workflow action or another step of the trail. */
    action: (key: string) => {
      const a = INCOMING_WORKFLOW.actions.find((x) => x.key === key);
      if (a) return l(a.label);
      return STEP_KEYS[key] ? t(STEP_KEYS[key]) : key;
    },
  };
}

export function UrgencyTag({ urgency, hideNormal }: { urgency: Urgency; hideNormal?: boolean }) {
  const labels = useIncomingLabels();
  if (hideNormal && urgency === 'normal') return null;
  return (
    <Tag color={URGENCY_COLORS[urgency]} style={{ marginInlineEnd: 0 }}>
      {labels.urgency(urgency)}
    </Tag>
  );
}

export function StateTag({ state }: { state: string }) {
  const labels = useIncomingLabels();
  return (
    <Tag color={STATE_COLORS[state as IncomingState] ?? 'default'} style={{ marginInlineEnd: 0 }}>
      {labels.state(state)}
    </Tag>
  );
}

/** Department names by id (departments are few; loaded once per screen). */
export function useDepartments() {
  const depts = useApi(() => orgApi.departments(), []);
  const items = depts.data ?? [];
  const names = new Map(items.map((d) => [d.id, d.name]));
  return { items, name: (id: string | null | undefined) => (id ? (names.get(id) ?? id) : '') };
}
