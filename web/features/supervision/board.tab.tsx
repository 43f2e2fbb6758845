// 看板: every item the caller may see, coloured by status (已超期 / 即将到期 / 正常推进 / 超期完成 /
// 按期完成), worst first; the status counts filter it, and so do unit, leader, source, mode and
// period. A table on a desktop, cards on a phone.
import { useEffect, useRef, useState, type HTMLAttributes } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Empty, List, Select, Space, Table, Typography } from 'antd';
import { useI18n } from '../../lib/i18n.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { useDepartments } from '../incoming/incoming.labels.js';
import { PeoplePicker } from '../incoming/people.picker.js';
import { statisticsApi, type Board, type BoardItem, type BoardQuery, type BoardStatus, type PeriodKind } from './supervision.api.js';
import { DeadlineText, MODES, ProgressBar, SOURCES, StateTag, useSupervisionLabels } from './supervision.labels.js';

export const BOARD_COLORS: Record<BoardStatus, string> = { overdue: '#cf1322', due_soon: '#d46b08', on_track: '#1677ff', completed_late: '#d4b106', completed_on_time: '#389e0d' };
const ORDER: BoardStatus[] = ['overdue', 'due_soon', 'on_track', 'completed_late', 'completed_on_time'];
const PERIODS: PeriodKind[] = ['week', 'month', 'quarter', 'year'];

export function usePeriodLabels(): Record<PeriodKind, string> {
  const { t } = useI18n();
  return { week: t('supervision.period.week'), month: t('supervision.period.month'), quarter: t('supervision.period.quarter'), year: t('supervision.period.year') };
}

/** The board's pages by offset (it is ordered worst first, not by id); a newer load wins. */
function useBoard(q: BoardQuery, onMeta: (m: Omit<Board, 'items'>) => void) {
  const fb = useFeedback();
  const [items, setItems] = useState<BoardItem[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const load = async (offset: number) => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const b = await statisticsApi.board(q, offset);
      if (mine !== seq.current) return;
      setItems((old) => (offset ? [...old, ...b.items] : b.items));
      setTotal(b.total);
      onMeta(b);
    } catch (e) {
      if (mine === seq.current) fb.error(e);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  };
  const key = JSON.stringify(q);
  useEffect(() => {
    void load(0);
  }, [key]);
  return { items, total, loading, more: items.length < total, loadMore: () => void load(items.length) };
}

export function BoardTab() {
  const { t, l } = useI18n();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const depts = useDepartments();
  const labels = useSupervisionLabels();
  const periods = usePeriodLabels();
  const [q, setQ] = useState<BoardQuery>({});
  const [meta, setMeta] = useState<Omit<Board, 'items'> | null>(null);
  const list = useBoard(q, setMeta);
  const set = (patch: Partial<BoardQuery>) => setQ((old) => ({ ...old, ...patch }));
  const pick = { allowClear: true, style: { width: mobile ? '100%' : 140 } } as const;
  const colour = (s: BoardStatus) => BOARD_COLORS[s];
  const statusLabel = (s: BoardStatus) => (meta ? l(meta.statuses[s]) : s);
  const open = (i: BoardItem) => navigate(`/supervision/${i.id}`);
  const loadMore = () => list.loadMore();
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supervision.list.empty')} />;

  return (
    <div data-testid="board">
      <div style={{ display: 'grid', gridTemplateColumns: mobile ? 'repeat(2, minmax(0, 1fr))' : 'repeat(5, minmax(0, 1fr))', gap: 8, marginBottom: 12 }} data-testid="board-counts">
        {ORDER.map((s) => (
          <Card
            key={s}
            size="small"
            hoverable
            onClick={() => set({ status: q.status === s ? undefined : s })}
            style={{ borderTop: `3px solid ${colour(s)}`, background: q.status === s ? '#f0f5ff' : undefined }}
            styles={{ body: { padding: '8px 12px' } }}
          >
            <div style={{ fontSize: 12, color: '#595959' }}>{statusLabel(s)}</div>
            <div style={{ fontSize: 22, fontWeight: 600, color: colour(s) }}>{meta?.counts[s] ?? '—'}</div>
          </Card>
        ))}
      </div>
      <Space wrap style={{ marginBottom: 12, width: mobile ? '100%' : undefined }}>
        <Select {...pick} showSearch optionFilterProp="label" placeholder={t('supervision.list.anyUnit')} value={q.departmentId} onChange={(v) => set({ departmentId: v })} options={depts.items.map((d) => ({ value: d.id, label: d.name }))} />
        <div style={{ width: mobile ? '100%' : 140 }}>
          <PeoplePicker multiple={false} roles={['gm', 'vice_gm']} placeholder={t('supervision.field.assignedBy')} value={q.leaderId} onChange={(v) => set({ leaderId: (v as string) || undefined })} />
        </div>
        <Select {...pick} placeholder={t('supervision.list.anySource')} value={q.source} onChange={(v) => set({ source: v })} options={SOURCES.map((s) => ({ value: s, label: labels.source(s) }))} />
        <Select {...pick} placeholder={t('supervision.list.anyMode')} value={q.mode} onChange={(v) => set({ mode: v })} options={MODES.map((m) => ({ value: m, label: labels.mode(m) }))} />
        <Select {...pick} placeholder={t('supervision.board.anyPeriod')} value={q.period} onChange={(v) => set({ period: v })} options={PERIODS.map((p) => ({ value: p, label: periods[p] }))} />
      </Space>
      {meta && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('common.total', { n: list.total })} · {t('supervision.board.dueSoon', { n: meta.dueSoonDays, date: meta.dueSoonBy })} · {t('supervision.board.scope')}
        </Typography.Paragraph>
      )}
      {mobile ? (
        <List
          loading={list.loading}
          dataSource={list.items}
          rowKey="id"
          locale={{ emptyText: empty }}
          renderItem={(i) => (
            <Card size="small" hoverable onClick={() => open(i)} style={{ marginBottom: 8, borderLeft: `4px solid ${colour(i.boardStatus)}` }} styles={{ body: { padding: 10 } }} data-testid="board-row">
              <Typography.Text strong>{i.title}</Typography.Text>
              <div style={{ fontSize: 12, color: '#595959' }}>{[i.number, i.leadDepartmentName, i.assignedByName].filter(Boolean).join(' · ')}</div>
              <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', fontSize: 12, marginTop: 4, gap: 8 }}>
                <span style={{ color: colour(i.boardStatus), fontWeight: 600 }}>{statusLabel(i.boardStatus)}</span>
                <DeadlineText item={i} today={meta?.today ?? i.deadline} />
              </div>
            </Card>
          )}
        />
      ) : (
        <Table<BoardItem>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.items}
          pagination={false}
          locale={{ emptyText: empty }}
          onRow={(i) => ({ onClick: () => open(i), style: { cursor: 'pointer' }, 'data-testid': 'board-row' }) as HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('supervision.board.status'),
              key: 'status',
              width: 104,
              render: (_, i) => (
                <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6, color: colour(i.boardStatus), fontWeight: 600 }}>
                  <span style={{ width: 10, height: 10, borderRadius: 5, background: colour(i.boardStatus), flex: 'none' }} />
                  {statusLabel(i.boardStatus)}
                </span>
              ),
            },
            { title: t('supervision.field.number'), dataIndex: 'number', width: 116 },
            { title: t('supervision.field.title'), dataIndex: 'title', render: (v: string) => <a>{v}</a> },
            { title: t('supervision.field.leadUnit'), dataIndex: 'leadDepartmentName', width: 110 },
            { title: t('supervision.field.assignedBy'), dataIndex: 'assignedByName', width: 90 },
            { title: t('supervision.field.state'), key: 'state', width: 100, render: (_, i) => <StateTag item={i} /> },
            { title: t('supervision.field.deadline'), key: 'deadline', width: 150, render: (_, i) => <DeadlineText item={i} today={meta?.today ?? i.deadline} /> },
            { title: t('supervision.field.progress'), key: 'progress', width: 120, render: (_, i) => <ProgressBar item={i} size="small" /> },
          ]}
        />
      )}
      {list.more && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button loading={list.loading} onClick={loadMore}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
    </div>
  );
}
