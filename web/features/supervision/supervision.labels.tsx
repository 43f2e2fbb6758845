// How the 督查督办 screens name things: states and actions from the two workflow definitions (both
// languages), sources, modes and priorities, the steps outside the workflow, and the item's status
// at a glance (overdue / due soon / on track / done) with its colour.
import { Progress, Tag } from 'antd';
import { SUPERVISION_WORKFLOWS } from '../../../common/workflow/supervision.workflow.js';
import { useI18n } from '../../lib/i18n.js';
import type { MessageKey } from '../../lib/messages.js';
import { useApi } from '../../lib/use-api.js';
import { supervisionApi, type Item, type Mode, type Priority, type SourceType } from './supervision.api.js';

export const SOURCES: SourceType[] = ['leader_instruction', 'meeting_decision', 'incoming_document', 'weekly_directive', 'central_work', 'petition', 'information', 'investigation', 'other'];
export const MODES: Mode[] = ['general', 'special', 'group', 'by_level', 'leader_in_person'];
export const PRIORITIES: Priority[] = ['normal', 'high', 'urgent'];

const PRIORITY_COLORS: Record<Priority, string> = { normal: 'default', high: 'orange', urgent: 'red' };
const STEP_KEYS: Record<string, MessageKey> = { report_progress: 'supervision.step.report_progress', chase: 'supervision.step.chase', create: 'supervision.step.create', extension_approved: 'supervision.step.extension_approved', extension_refused: 'supervision.step.extension_refused' };

/**
 * How the trail says a step was taken, in English (the actions' labels are commands: "Open",
 * "Register"); in Chinese the action's own label reads right either way.
 */
const TAKEN_EN: Record<string, string> = {
  accept: 'Accepted',
  archive: 'Archived',
  check_return: 'Returned with reasons',
  file: 'Filed',
  instruct: 'Instructed',
  open: 'Opened',
  re_check_return: 'Returned again with reasons',
  re_instruct: 'Instructed again',
  re_review_close: 'Reviewed again and closed',
  re_submit_result: 'Result submitted again',
  re_supervise: 'Sent for supervision again',
  register: 'Registered',
  report_completion: 'Completion reported',
  report_topic: 'Topic report made',
  review_close: 'Reviewed and closed',
  review_reopen: 'Reopened',
  submit: 'Submitted to the leader',
  submit_result: 'Result submitted',
  transfer: 'Transferred',
  chase: 'Chased',
  report_progress: 'Progress reported',
};

/** Every state of either procedure with its label (one state key may name a step in both). */
export const ALL_STATES = [...new Set(Object.values(SUPERVISION_WORKFLOWS).flatMap((w) => Object.keys(w.states)))];

/** Days from today to the deadline (negative: late); both are plain YYYY-MM-DD dates. */
export function daysTo(deadline: string, today: string): number {
  return Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

export type Status = 'overdue' | 'dueSoon' | 'onTrack' | 'done';
export const STATUS_COLORS: Record<Status, string> = { overdue: '#cf1322', dueSoon: '#d48806', onTrack: '#1677ff', done: '#389e0d' };

/**
 * The status at a glance, as the server decided it: "due soon" is the office's setting in working
 * days on the holiday calendar (the board's rule), never a count of calendar days made here.
 */
export function statusOf(item: Pick<Item, 'done' | 'closed' | 'overdue' | 'dueSoon'> & { boardStatus?: string }): Status {
  if (item.done || item.closed) return 'done';
  if (item.overdue) return 'overdue';
  if (item.boardStatus) return item.boardStatus === 'due_soon' ? 'dueSoon' : 'onTrack';
  return item.dueSoon ? 'dueSoon' : 'onTrack';
}

export function useSupervisionLabels() {
  const { t, l, lang } = useI18n();
  const action = (key: string) => {
    for (const w of Object.values(SUPERVISION_WORKFLOWS)) {
      const a = w.actions.find((x) => x.key === key);
      if (a) return l(a.label);
    }
    return STEP_KEYS[key] ? t(STEP_KEYS[key]) : key;
  };
  return {
    state: (procedure: string, s: string) => l(SUPERVISION_WORKFLOWS[procedure as 'assigned']?.states[s], s),
    /** A workflow action (either procedure) or another step of the trail. */
    action,
    /** A step as the trail tells it, once taken. */
    taken: (key: string) => (lang === 'en' && TAKEN_EN[key]) || action(key),
    source: (s: string) => t(`supervision.source.${s}` as MessageKey),
    mode: (m: string) => t(`supervision.mode.${m}` as MessageKey),
    priority: (p: string) => t(`supervision.priority.${p}` as MessageKey),
    procedure: (p: string) => t(`supervision.procedure.${p}` as MessageKey),
    status: (s: Status) => t(`supervision.status.${s}` as MessageKey),
  };
}

export function StateTag({ item }: { item: Pick<Item, 'procedure' | 'state' | 'done' | 'closed' | 'overdue'> }) {
  const labels = useSupervisionLabels();
  const { t } = useI18n();
  const color = item.closed ? 'default' : item.done ? 'success' : item.overdue ? 'error' : 'processing';
  const step = labels.state(item.procedure, item.state);
  return (
    <Tag color={color} style={{ marginInlineEnd: 0 }} data-testid="state-tag">
      {/* The seed names the closing step 审核; said alone it reads as "waiting for review". */}
      {item.state === 'closed' ? t('supervision.state.closedTag', { step }) : step}
    </Tag>
  );
}

export function PriorityTag({ priority, hideNormal }: { priority: string; hideNormal?: boolean }) {
  const labels = useSupervisionLabels();
  if (hideNormal && priority === 'normal') return null;
  return (
    <Tag color={PRIORITY_COLORS[priority as Priority] ?? 'default'} style={{ marginInlineEnd: 0 }}>
      {labels.priority(priority)}
    </Tag>
  );
}

/** The deadline with how late or how close it is. */
export function DeadlineText({ item, today }: { item: Pick<Item, 'done' | 'closed' | 'overdue' | 'dueSoon' | 'deadline' | 'originalDeadline'> & { boardStatus?: string }; today: string }) {
  const { t } = useI18n();
  const status = statusOf(item);
  const days = daysTo(item.deadline, today);
  return (
    <span>
      <span style={{ color: status === 'done' ? undefined : STATUS_COLORS[status] }}>{item.deadline}</span>
      {status === 'overdue' && <span style={{ color: STATUS_COLORS.overdue, fontSize: 12 }}> · {t('supervision.overdueDays', { n: -days })}</span>}
      {status === 'dueSoon' && <span style={{ color: STATUS_COLORS.dueSoon, fontSize: 12 }}> · {t('supervision.daysLeft', { n: days })}</span>}
      {item.originalDeadline !== item.deadline && (
        <span style={{ fontSize: 12, color: '#8c8c8c' }}>
          {' '}
          {t('common.paren', { x: `${t('supervision.field.originalDeadline')} ${item.originalDeadline}` })}
        </span>
      )}
    </span>
  );
}

export function ProgressBar({ item, size = 'default' }: { item: Pick<Item, 'progress' | 'done' | 'overdue'>; size?: 'small' | 'default' }) {
  const percent = item.done ? 100 : item.progress;
  return <Progress percent={percent} size={size === 'small' ? 'small' : undefined} status={item.done ? 'success' : item.overdue ? 'exception' : 'active'} format={(p) => `${p}%`} />;
}

/** The categories and their standards (few; loaded once per screen). */
export function useCategories() {
  const { l } = useI18n();
  const loaded = useApi(() => supervisionApi.categories(), []);
  const items = loaded.data ?? [];
  const byKey = new Map(items.map((c) => [c.key, c]));
  return { items, name: (key: string) => l(byKey.get(key)?.name, key), get: (key: string) => byKey.get(key) };
}
