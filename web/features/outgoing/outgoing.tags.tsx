// The small marks of a 发文 shown the same way on every screen: state, urgency, issue number.
import { Tag, Typography } from 'antd';
import { OUTGOING_WORKFLOW, type OutgoingState } from '../../../common/workflow/outgoing.workflow.js';
import { useI18n } from '../../lib/i18n.js';
import type { MessageKey } from '../../lib/messages.js';

const STATE_COLORS: Partial<Record<OutgoingState, string>> = {
  drafting: 'default',
  dept_review: 'processing',
  countersign: 'processing',
  office_review: 'processing',
  proofreading: 'processing',
  signoff: 'gold',
  check: 'cyan',
  registered: 'blue',
  sealed: 'geekblue',
  dispatched: 'success',
  rejected: 'error',
};

export const STATES = Object.keys(OUTGOING_WORKFLOW.states) as OutgoingState[];

export function StateTag({ state }: { state: string }) {
  const { l } = useI18n();
  return <Tag color={STATE_COLORS[state as OutgoingState]}>{l(OUTGOING_WORKFLOW.states[state as OutgoingState], state)}</Tag>;
}

export const URGENCIES = ['normal', 'urgent', 'very_urgent'] as const;
export const urgencyKey = (u: string) => `out.urgency.${u}` as MessageKey;

export function UrgencyTag({ urgency, quiet = false }: { urgency: string; quiet?: boolean }) {
  const { t } = useI18n();
  if (urgency === 'normal') return quiet ? null : <Tag>{t(urgencyKey(urgency))}</Tag>;
  return <Tag color={urgency === 'very_urgent' ? 'red' : 'orange'}>{t(urgencyKey(urgency))}</Tag>;
}

export function IssueNumber({ value, strong = false }: { value: string | null | undefined; strong?: boolean }) {
  const { t } = useI18n();
  if (!value) return <Typography.Text type="secondary">{t('out.noNumber')}</Typography.Text>;
  return <Typography.Text strong={strong}>{value}</Typography.Text>;
}

/** Steps on the trail that are not workflow actions (they do not move the state). */
const OTHER_STEPS: Record<string, MessageKey> = { confirm_delivery: 'out.step.confirm_delivery', attach: 'out.step.attach', attach_version: 'out.step.attach_version' };

/** An action's label (step of the trail or button) from the shared workflow definition. */
export function useActionLabel() {
  const { l, t } = useI18n();
  return (key: string) => {
    const def = OUTGOING_WORKFLOW.actions.find((a) => a.key === key);
    if (def) return l(def.label);
    return OTHER_STEPS[key] ? t(OTHER_STEPS[key]) : key;
  };
}
