// 流转记录: every step — who, when, the opinion and what the step decided (departments, deadline,
// leader …) — as a timeline, oldest first. A step whose content the server withholds (the GM's
// private instruction before distribution) shows only that it happened.
import { Timeline, Typography } from 'antd';
import { formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import type { TrailStep } from './incoming.api.js';
import { useIncomingLabels } from './incoming.labels.js';

const COLORS: Record<string, string> = { return: 'red', instruct: 'orange', report_result: 'green', file_as_read: 'green', close_without_handling: 'green', chase: 'gray' };

type DeptName = (id: string | null | undefined) => string;

function Details({ step, deptName }: { step: TrailStep; deptName: DeptName }) {
  const { t } = useI18n();
  const sep = t('incoming.colon');
  const d = step.data as Record<string, unknown>;
  const lines: string[] = [];
  const str = (k: string) => (typeof d[k] === 'string' && (d[k] as string).trim() ? (d[k] as string) : null);
  const same = (s: string | null) => s && s === step.opinion;
  for (const [k, label] of [
    ['proposal', t('incoming.field.proposal')],
    ['instruction', t('incoming.field.instruction')],
    ['result', t('incoming.field.result')],
  ] as const)
    if (str(k) && !same(str(k))) lines.push(`${label}${sep}${str(k)}`);
  if (str('leadDepartmentId')) lines.push(`${t('incoming.field.leadDepartment')}${sep}${deptName(str('leadDepartmentId'))}`);
  if (Array.isArray(d.coDepartmentIds) && d.coDepartmentIds.length) lines.push(`${t('incoming.field.coDepartments')}${sep}${(d.coDepartmentIds as string[]).map((id) => deptName(id)).join('、')}`);
  if (Array.isArray(d.departmentIds) && d.departmentIds.length) lines.push(`${d.mode === 'parallel' ? t('incoming.circulation.parallel') : t('incoming.circulation.sequential')}${sep}${(d.departmentIds as string[]).map((id) => deptName(id)).join(' → ')}`);
  if (str('deadline')) lines.push(`${t('incoming.field.deadline')}${sep}${str('deadline')}`);
  else if (typeof d.deadlineWorkingDays === 'number') lines.push(`${t('incoming.field.deadline')}${sep}${t('incoming.distribute.inDays', { n: d.deadlineWorkingDays })}`);
  if (Array.isArray(d.attendeeIds) && d.attendeeIds.length) lines.push(t('incoming.meeting.attendeesN', { n: d.attendeeIds.length }));
  if (str('note') && !same(str('note'))) lines.push(`${t('incoming.field.note')}${sep}${str('note')}`);
  if (str('deliveredBy')) lines.push(`${t('incoming.field.deliveredBy')}${sep}${str('deliveredBy')}`);
  if (d.automatic === true) lines.push(t('incoming.chase.automatic'));
  if (d.force === true) lines.push(t('incoming.action.forced'));
  if (!lines.length) return null;
  return (
    <div style={{ fontSize: 12, color: '#595959' }}>
      {lines.map((l) => (
        <div key={l}>{l}</div>
      ))}
    </div>
  );
}

export function TrailTimeline({ trail, deptName }: { trail: TrailStep[]; deptName: DeptName }) {
  const labels = useIncomingLabels();
  return (
    <Timeline
      data-testid="trail"
      style={{ marginTop: 8 }}
      items={trail.map((s) => ({
        color: COLORS[s.action] ?? 'blue',
        children: (
          <div>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0 8px', alignItems: 'baseline' }}>
              <Typography.Text strong>{labels.action(s.action)}</Typography.Text>
              <Typography.Text>{s.actorName}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(s.at)}
              </Typography.Text>
            </div>
            {s.opinion && <div style={{ whiteSpace: 'pre-wrap', margin: '2px 0' }}>{s.opinion}</div>}
            <Details step={s} deptName={deptName} />
          </div>
        ),
      }))}
    />
  );
}
