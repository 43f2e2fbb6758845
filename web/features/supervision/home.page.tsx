// /supervision: 我的事项 (the handling unit's items), 我交办的 (a leader's assignments), 全部 (the
// office register with filters). The tab is kept in the URL so the back button returns to it.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Button, Card, Select, Space, Switch, Tabs, Tag, Typography } from 'antd';
import { FormOutlined } from '@ant-design/icons';
import { PageHeader } from '../../components/page-header.js';
import { useCan } from '../../lib/ability.js';
import { useI18n } from '../../lib/i18n.js';
import { useMe } from '../../lib/session.js';
import { useApi } from '../../lib/use-api.js';
import { useIsMobile } from '../../lib/media.js';
import { useDepartments } from '../incoming/incoming.labels.js';
import { usePaged } from '../incoming/use-paged.js';
import { BoardTab } from './board.tab.js';
import { CoordinationTab } from './coordination.tab.js';
import { DirectivesTab } from './directives.tab.js';
import { SettingsTab } from './settings.tab.js';
import { StatisticsTab } from './statistics.tab.js';
import { ItemList } from './item-list.js';
import { supervisionApi, type ListQuery } from './supervision.api.js';
import { ALL_STATES, MODES, SOURCES, useSupervisionLabels } from './supervision.labels.js';

function MineTab({ mine }: { mine: 'handler' | 'assigned' }) {
  const { t } = useI18n();
  const list = usePaged((before) => supervisionApi.list({ mine }, before), [mine]);
  return (
    <>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t(mine === 'handler' ? 'supervision.mine.hint' : 'supervision.assigned.hint', { n: list.total })}
      </Typography.Paragraph>
      <ItemList testId={`${mine}-list`} items={list.items} loading={list.loading} more={list.more} onMore={list.loadMore} showLeader={mine === 'handler'} handlerActions={mine === 'handler'} empty={t(mine === 'handler' ? 'supervision.mine.empty' : 'supervision.assigned.empty')} />
    </>
  );
}

/** The stateLabel of a state key: the assigned procedure's name first, else the central one's. */
function useStateOptions() {
  const labels = useSupervisionLabels();
  return ALL_STATES.map((s) => ({ value: s, label: labels.state('assigned', s) === s ? labels.state('central', s) : labels.state('assigned', s) }));
}

function AllTab() {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const depts = useDepartments();
  const labels = useSupervisionLabels();
  const states = useStateOptions();
  const [q, setQ] = useState<ListQuery>({});
  const list = usePaged((before) => supervisionApi.list(q, before), [JSON.stringify(q)]);
  const set = (patch: Partial<ListQuery>) => setQ((old) => ({ ...old, ...patch }));
  const pick = { allowClear: true, style: { width: mobile ? '100%' : 150 } } as const;
  return (
    <>
      <Space wrap style={{ marginBottom: 12, width: mobile ? '100%' : undefined }} data-testid="all-filters">
        <Select {...pick} placeholder={t('supervision.list.anyState')} value={q.state} onChange={(v) => set({ state: v })} options={states} />
        <Select {...pick} placeholder={t('supervision.list.anySource')} value={q.source} onChange={(v) => set({ source: v })} options={SOURCES.map((s) => ({ value: s, label: labels.source(s) }))} />
        <Select {...pick} showSearch optionFilterProp="label" placeholder={t('supervision.list.anyUnit')} value={q.departmentId} onChange={(v) => set({ departmentId: v })} options={depts.items.map((d) => ({ value: d.id, label: d.name }))} />
        <Select {...pick} placeholder={t('supervision.list.anyMode')} value={q.mode} onChange={(v) => set({ mode: v })} options={MODES.map((m) => ({ value: m, label: labels.mode(m) }))} />
        <Space size={6}>
          <Switch size="small" checked={!!q.overdue} onChange={(v) => set({ overdue: v || undefined })} />
          <span>{t('supervision.list.overdueOnly')}</span>
        </Space>
      </Space>
      <StateCounts states={states} onPick={(s) => set({ state: s === q.state ? undefined : s })} query={q} />
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('common.total', { n: list.total })}
      </Typography.Paragraph>
      <ItemList testId="all-list" items={list.items} loading={list.loading} more={list.more} onMore={list.loadMore} showLeader />
    </>
  );
}

/** How many items stand at each step under the current filters (the state filter aside); a click filters by it. */
function StateCounts({ states, onPick, query }: { states: { value: string; label: string }[]; onPick(s: string): void; query: ListQuery }) {
  const { state: _state, ...rest } = query;
  const loaded = useApi(() => supervisionApi.list(rest, undefined, 1), [JSON.stringify(rest)]);
  const counts = Object.entries(loaded.data?.counts ?? {}).filter(([, n]) => n > 0);
  if (!counts.length) return null;
  return (
    <Space size={[4, 4]} wrap style={{ marginBottom: 8 }} data-testid="state-counts">
      {counts.map(([s, n]) => (
        <Tag key={s} style={{ cursor: 'pointer' }} color={query.state === s ? 'blue' : undefined} onClick={() => onPick(s)}>
          {states.find((x) => x.value === s)?.label ?? s} {n}
        </Tag>
      ))}
    </Space>
  );
}

export default function SupervisionHome() {
  const { t } = useI18n();
  const can = useCan();
  const me = useMe();
  const mobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const office = can('supervision.manage');
  const leader = me.roles.includes('gm') || me.roles.includes('vice_gm');
  const tabs = [
    { key: 'mine', label: t('supervision.tab.mine'), children: <MineTab mine="handler" /> },
    ...(leader ? [{ key: 'assigned', label: t('supervision.tab.assigned'), children: <MineTab mine="assigned" /> }] : []),
    { key: 'all', label: t('supervision.tab.all'), children: <AllTab /> },
    { key: 'board', label: t('supervision.tab.board'), children: <BoardTab /> },
    { key: 'statistics', label: t('supervision.tab.statistics'), children: <StatisticsTab /> },
    // 一周工作指令 are the 总经理室's and the office's (the server says the same).
    ...(office || leader ? [{ key: 'directives', label: t('supervision.tab.directives'), children: <DirectivesTab /> }] : []),
    { key: 'coordination', label: t('supervision.tab.coordination'), children: <CoordinationTab /> },
    ...(office ? [{ key: 'settings', label: t('supervision.tab.settings'), children: <SettingsTab /> }] : []),
  ];
  const fallback = office ? 'all' : leader ? 'assigned' : 'mine';
  const tab = tabs.some((x) => x.key === params.get('tab')) ? params.get('tab')! : fallback;
  return (
    <>
      <PageHeader
        title={t('nav.supervision')}
        extra={
          office && (
            <Link to="/supervision/new">
              <Button type="primary" icon={<FormOutlined />}>
                {t('supervision.desk.open')}
              </Button>
            </Link>
          )
        }
      />
      <Card size="small" styles={{ body: { padding: mobile ? 8 : 12, paddingTop: 0 } }}>
        <Tabs activeKey={tab} onChange={(k) => setParams(k === fallback ? {} : { tab: k }, { replace: true })} items={tabs} destroyOnHidden />
      </Card>
    </>
  );
}
