// 办理记录: every step with who took it, when, the opinion, and what the step recorded (sign-off's
// three items, the departments asked to countersign, the recipients, a void reason).
import { Empty, Tag, Timeline, Typography } from 'antd';
import { formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import type { TrailEntry } from './outgoing.api.js';
import { useActionLabel } from './outgoing.tags.js';

function Recorded({ step, departments }: { step: TrailEntry; departments: Record<string, string> }) {
  const { t } = useI18n();
  const d = step.data as Record<string, unknown>;
  const lines: string[] = [];
  const c = t('out.colon');
  const sep = t('out.listSep');
  if (step.action === 'sign_off') lines.push(`${t('out.approval')}${c}${d.approval ?? ''}　${t('out.signerName')}${c}${d.signerName ?? ''}　${t('out.signedOn')}${c}${d.signedOn ?? ''}`);
  if (Array.isArray(d.countersignDepartments)) lines.push(`${t('out.countersignDepts')}${c}${d.countersignDepartments.map((id) => departments[String(id)] ?? id).join(sep)}`);
  if (Array.isArray(d.recipients))
    lines.push(
      `${t('out.recipients')}${c}${d.recipients
        .map((r: { name?: string; kind?: string } | null) => t('out.parenthesised', { text: r?.name ?? '', note: r?.kind === 'cc' ? t('out.kindCc') : t('out.kindMain') }))
        .join(sep)}`,
    );
  if (typeof d.reason === 'string' && d.reason) lines.push(`${t('out.voidReason')}${c}${d.reason}`);
  if (typeof d.recipient === 'string') lines.push(`${t('out.recipientName')}${c}${d.recipient}`);
  if (step.action.startsWith('attach') && typeof d.name === 'string') lines.push(t('out.parenthesised', { text: d.name, note: t('docAttachments.versionNo', { n: String(d.versionNo ?? 1) }) }));
  if (!lines.length) return null;
  return (
    <div style={{ fontSize: 12, color: '#595959' }}>
      {lines.map((x) => (
        <div key={x}>{x}</div>
      ))}
    </div>
  );
}

export function Trail({ trail, departments }: { trail: TrailEntry[]; departments: Record<string, string> }) {
  const { t, l } = useI18n();
  const label = useActionLabel();
  if (!trail.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('out.trailEmpty')} />;
  return (
    <Timeline
      data-testid="trail"
      items={trail.map((s, i) => ({
        key: i,
        color: s.to === 'rejected' || s.action === 'send_back' || s.action === 'void_number' ? 'red' : s.to === 'dispatched' ? 'green' : 'blue',
        children: (
          <div>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'baseline' }}>
              <Typography.Text strong>{label(s.action)}</Typography.Text>
              <Typography.Text>{s.actorName}</Typography.Text>
              {s.from !== s.to && <Tag style={{ marginInlineEnd: 0 }}>→ {l(s.toLabel, s.to)}</Tag>}
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(s.at)}
            </Typography.Text>
            {s.opinion && (
              <div style={{ whiteSpace: 'pre-wrap', background: '#fafafa', borderLeft: '3px solid #d9d9d9', padding: '2px 8px', margin: '4px 0' }}>
                {t('out.opinion')}
                {t('out.colon')}
                {s.opinion}
              </div>
            )}
            <Recorded step={s} departments={departments} />
          </div>
        ),
      }))}
    />
  );
}
