// /incoming/batch — the GM's instruction batch (seed 五 5.10: 每日两次集中…交总经理私密批示): one
// document at a time, on a phone too — title, 拟办, the leader's opinion, the text, an instruction
// box, previous/next and "3/7"; and the secretaries' side of the same batch (5.11): the documents
// instructed and waiting to be distributed. What the instruction says is shown only when the
// server sends it; the page assumes nothing about who may see it.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Empty, Progress, Result, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { CheckCircleFilled, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { ClassificationTag } from '../../components/classification.js';
import { PageHeader } from '../../components/page-header.js';
import { formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { useIsMobile } from '../../lib/media.js';
import { ActionForm } from './action.forms.js';
import { ActionPanel } from './action.panel.js';
import { incomingApi, type IncomingDetail, type IncomingItem } from './incoming.api.js';
import { UrgencyTag, useDepartments, useIncomingLabels } from './incoming.labels.js';
import { usePaged } from './use-paged.js';

function Section({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div style={{ marginBottom: 12 }} data-testid={testId}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      <div style={{ whiteSpace: 'pre-wrap', lineHeight: 1.7 }}>{children}</div>
    </div>
  );
}

/** One document of the batch, read and instructed. */
function BatchDocument({ id, done, onInstructed }: { id: string; done?: string; onInstructed(d: IncomingDetail): void }) {
  const { t } = useI18n();
  const labels = useIncomingLabels();
  const detail = useApi(() => incomingApi.get(id), [id]);
  const d = detail.data;
  // seed 二 3.4: on a meeting notice the GM's decision is who attends; an instruction stays possible.
  const offered = ['decide_attendance', 'instruct'].filter((a) => d?.abilities.some((x) => x.action === a));
  const [mode, setMode] = useState<string | null>(null);
  if (detail.error) return <Alert type="error" showIcon message={t('incoming.batch.loadFailed')} />;
  if (!d || d.id !== id) return <Spin style={{ display: 'block', margin: '40px auto' }} />;
  const action = mode && offered.includes(mode) ? mode : offered[0];
  return (
    <>
      <Card size="small" style={{ marginBottom: 12 }} data-testid="batch-document">
        <Typography.Title level={5} style={{ marginTop: 0, marginBottom: 6 }}>
          <Link to={`/incoming/${d.id}`}>{d.title}</Link>
        </Typography.Title>
        <Space size={[6, 6]} wrap style={{ marginBottom: 8 }}>
          <UrgencyTag urgency={d.urgency} />
          <ClassificationTag level={d.classification} />
          {d.docKind && <Tag>{d.docKind}</Tag>}
        </Space>
        <div style={{ fontSize: 12, color: '#595959', marginBottom: 12 }}>{[d.incomingNumber, d.sender, d.docNumber, formatDateTime(d.receivedAt)].filter(Boolean).join(' · ')}</div>
        {d.meeting && (
          <Section label={t('incoming.meeting.title')}>
            {formatDateTime(d.meeting.startsAt)} · {d.meeting.place}
          </Section>
        )}
        <Section label={t('incoming.field.proposal')} testId="batch-proposal">
          {d.proposal ?? '—'}
        </Section>
        {d.leaderOpinion && <Section label={t('incoming.field.leaderOpinion')}>{d.leaderOpinion}</Section>}
        {(d.body || d.parts.length > 0) && (
          <Section label={t('incoming.section.text')}>
            {d.parts.length > 0 && <div style={{ color: '#595959' }}>{d.parts.map((p) => p.title).join('；')}</div>}
            <div style={{ maxHeight: 320, overflowY: 'auto', background: '#fafafa', padding: 8, borderRadius: 4 }}>{d.body || '—'}</div>
          </Section>
        )}
      </Card>
      <Card size="small" title={t('incoming.field.instruction')} data-testid="batch-instruction">
        {done !== undefined || d.instruction ? (
          <Space align="start">
            <CheckCircleFilled style={{ color: '#52c41a', marginTop: 4 }} />
            <Typography.Text strong style={{ color: '#a8071a', whiteSpace: 'pre-wrap' }}>
              {d.instruction?.text ?? done}
            </Typography.Text>
          </Space>
        ) : action ? (
          <>
            {offered.length > 1 && <Segmented block value={action} onChange={(v) => setMode(String(v))} options={offered.map((a) => ({ value: a, label: labels.action(a) }))} style={{ marginBottom: 12 }} />}
            <ActionForm key={action} doc={d} action={action} reload={detail.reload} onDone={onInstructed} submitLabel={action === 'instruct' ? t('incoming.batch.instructNext') : undefined} />
          </>
        ) : (
          <Typography.Text type="secondary">{d.instructed ? t('incoming.opinions.private') : t('incoming.batch.waiting')}</Typography.Text>
        )}
      </Card>
    </>
  );
}

function Pager({ index, count, onMove }: { index: number; count: number; onMove(i: number): void }) {
  const { t } = useI18n();
  return (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8, margin: '12px 0' }}>
      <Button icon={<LeftOutlined />} disabled={index <= 0} onClick={() => onMove(index - 1)}>
        {t('incoming.batch.previous')}
      </Button>
      <Typography.Text strong data-testid="batch-progress" style={{ fontSize: 16 }}>
        {index + 1}/{count}
      </Typography.Text>
      <Button disabled={index >= count - 1} onClick={() => onMove(index + 1)}>
        {t('incoming.batch.next')}
        <RightOutlined />
      </Button>
    </div>
  );
}

function CurrentBatch() {
  const { t } = useI18n();
  const sep = t('incoming.colon');
  const batch = useApi(() => incomingApi.batch(), []);
  // The batch as it was opened: instructing a document does not reshuffle what is left.
  const [queue, setQueue] = useState<IncomingItem[] | null>(null);
  const [index, setIndex] = useState(0);
  const [done, setDone] = useState<Record<string, string>>({});
  useEffect(() => {
    if (batch.data && queue === null) setQueue(batch.data.items);
  }, [batch.data, queue]);
  if (batch.error) return <Alert type="error" showIcon message={t('incoming.batch.loadFailed')} />;
  if (!batch.data || !queue) return <Spin style={{ display: 'block', margin: '60px auto' }} />;
  const b = batch.data;
  const count = queue.length;
  const finished = Object.keys(done).length;
  const head = (
    <div style={{ marginBottom: 8 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('incoming.batch.key', { key: b.key })}
        {count > 0 ? ` · ${t('incoming.batch.instructedOf', { n: finished, count })}` : ''}
      </Typography.Text>
      {count > 0 && <Progress percent={Math.round((finished / count) * 100)} size="small" showInfo={false} />}
    </div>
  );
  const later = b.later.length > 0 && <Alert type="info" showIcon style={{ marginTop: 12 }} message={t('incoming.batch.later', { n: b.later.reduce((s, x) => s + x.count, 0) })} />;
  if (!count)
    return (
      <>
        {head}
        <Empty description={t('incoming.batch.empty', { key: b.collecting.key })} />
        {later}
      </>
    );
  if (finished === count)
    return (
      <>
        {head}
        <Result status="success" style={{ padding: '16px 0' }} title={t('incoming.batch.allDone', { n: count })} subTitle={t('incoming.batch.allDoneHint')} />
        <Pager index={index} count={count} onMove={setIndex} />
        <BatchDocument id={queue[index].id} done={done[queue[index].id]} onInstructed={() => undefined} />
        {later}
      </>
    );
  const current = queue[Math.min(index, count - 1)];
  const nextOpen = (from: number, doneNow: Record<string, string>) => {
    for (let i = 1; i <= count; i++) {
      const j = (from + i) % count;
      if (!doneNow[queue[j].id]) return j;
    }
    return from;
  };
  return (
    <>
      {head}
      <Pager index={index} count={count} onMove={setIndex} />
      <BatchDocument
        key={current.id}
        id={current.id}
        done={done[current.id]}
        onInstructed={(d) => {
          const attending = d.meeting?.attendeeNames?.length ? `${t('incoming.meeting.attendees')}${sep}${d.meeting.attendeeNames.join('、')}` : '';
          const now = { ...done, [d.id]: d.instruction?.text ?? attending };
          setDone(now);
          setIndex(nextOpen(index, now));
        }}
      />
      {later}
    </>
  );
}

/** The secretaries' side (5.11): instructed documents to send to their departments. */
function ToDistribute() {
  const { t } = useI18n();
  const depts = useDepartments();
  const list = usePaged((before) => incomingApi.list({ state: 'instructed' }, before), []);
  const [open, setOpen] = useState<string | null>(null);
  if (!list.loading && !list.items.length) return <Empty description={t('incoming.batch.nothingToDistribute')} />;
  return (
    <div data-testid="to-distribute">
      {list.loading && !list.items.length && <Spin style={{ display: 'block', margin: '40px auto' }} />}
      {list.items.map((d) => (
        <Card key={d.id} size="small" style={{ marginBottom: 12 }} data-testid="distribute-card">
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
            <Link to={`/incoming/${d.id}`}>
              <Typography.Text strong>{d.title}</Typography.Text>
            </Link>
            <Space size={4}>
              <UrgencyTag urgency={d.urgency} hideNormal />
              <ClassificationTag level={d.classification} />
            </Space>
          </div>
          <div style={{ fontSize: 12, color: '#595959', margin: '4px 0 8px' }}>{[d.incomingNumber, d.sender].filter(Boolean).join(' · ')}</div>
          {d.proposal && <Section label={t('incoming.field.proposal')}>{d.proposal}</Section>}
          <Section label={t('incoming.field.instruction')}>
            {d.instruction ? (
              <Typography.Text strong style={{ color: '#a8071a' }}>
                {d.instruction.text}
                <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
                  {' '}
                  · {d.instruction.byName} {formatDateTime(d.instruction.at)}
                  {d.instruction.ordersAction ? ` · ${t('incoming.action.ordersAction')}` : ''}
                </Typography.Text>
              </Typography.Text>
            ) : (
              <Typography.Text type="secondary">{t('incoming.opinions.private')}</Typography.Text>
            )}
          </Section>
          {d.leadDepartmentId && <div style={{ fontSize: 12 }}>{depts.name(d.leadDepartmentId)}</div>}
          {open === d.id ? (
            <DistributeOne id={d.id} onDone={() => {
              setOpen(null);
              list.reload();
            }} />
          ) : (
            <Button type="primary" ghost onClick={() => setOpen(d.id)} data-testid="open-distribute">
              {t('incoming.batch.handle')}
            </Button>
          )}
        </Card>
      ))}
      {list.more && (
        <div style={{ textAlign: 'center' }}>
          <Button onClick={list.loadMore}>{t('common.loadMore')}</Button>
        </div>
      )}
    </div>
  );
}

/** The document's own action panel (distribute, or close when nothing is ordered). */
function DistributeOne({ id, onDone }: { id: string; onDone(): void }) {
  const detail = useApi(() => incomingApi.get(id), [id]);
  if (!detail.data) return <Spin />;
  return (
    <div style={{ marginTop: 8 }}>
      <ActionPanel
        doc={detail.data}
        reload={detail.reload}
        onChange={(d) => {
          if (d.state !== 'instructed') onDone();
          else detail.reload();
        }}
      />
    </div>
  );
}

export default function BatchPage() {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'distribute' ? 'distribute' : 'batch';
  const options = useMemo(
    () => [
      { value: 'batch', label: t('incoming.batch.current') },
      { value: 'distribute', label: t('incoming.batch.toDistribute') },
    ],
    [t],
  );
  return (
    <div style={{ maxWidth: 860, margin: '0 auto' }}>
      <PageHeader title={t('incoming.batch.title')} extra={!mobile && <Link to="/incoming">{t('incoming.back')}</Link>} />
      <Segmented block={mobile} value={view} options={options} onChange={(v) => setParams(v === 'batch' ? {} : { view: String(v) }, { replace: true })} style={{ marginBottom: 12 }} />
      {view === 'batch' ? <CurrentBatch /> : <ToDistribute />}
    </div>
  );
}
