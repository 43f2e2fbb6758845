// 周指令: the weekly directive lists, newest week first (a table on a desktop, cards on a phone);
// the office drafts this week's from here.
import type { HTMLAttributes } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, Empty, List, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useCan } from '../../lib/ability.js';
import { formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { useIsMobile } from '../../lib/media.js';
import { directivesApi, type DirectiveList } from './directives.api.js';

const LIST_STATE_COLORS: Record<string, string> = { draft: 'default', submitted: 'gold', approved: 'blue', issued: 'success' };

export function ListStateTag({ list }: { list: Pick<DirectiveList, 'state' | 'stateLabel'> }) {
  const { l } = useI18n();
  return (
    <Tag color={LIST_STATE_COLORS[list.state]} style={{ marginInlineEnd: 0 }} data-testid="list-state">
      {l(list.stateLabel, list.state)}
    </Tag>
  );
}

export function DirectivesTab() {
  const { t } = useI18n();
  const can = useCan();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const lists = useApi(() => directivesApi.lists(), []);
  const items = lists.data?.items ?? [];
  const open = (d: DirectiveList) => navigate(`/supervision/directives/${d.id}`);
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supervision.dir.empty')} />;
  const period = (d: DirectiveList) => `${d.weekStart} ~ ${d.weekEnd}`;
  return (
    <div data-testid="directive-lists">
      {can('supervision.manage') && (
        <div style={{ marginBottom: 12 }}>
          <Link to="/supervision/directives/new">
            <Button icon={<PlusOutlined />}>{t('supervision.dir.new')}</Button>
          </Link>
        </div>
      )}
      {mobile ? (
        <List
          loading={lists.loading}
          dataSource={items}
          rowKey="id"
          locale={{ emptyText: empty }}
          renderItem={(d) => (
            <Card size="small" hoverable style={{ marginBottom: 8 }} styles={{ body: { padding: 12 } }} onClick={() => open(d)} data-testid="directive-list-row">
              <Typography.Text strong>{d.title}</Typography.Text>
              <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 6, fontSize: 12, color: '#8c8c8c' }}>
                <ListStateTag list={d} />
                <span>{period(d)}</span>
              </div>
            </Card>
          )}
        />
      ) : (
        <Table<DirectiveList>
          rowKey="id"
          size="middle"
          loading={lists.loading}
          dataSource={items}
          pagination={false}
          locale={{ emptyText: empty }}
          onRow={(d) => ({ onClick: () => open(d), style: { cursor: 'pointer' }, 'data-testid': 'directive-list-row' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('supervision.dir.week'), dataIndex: 'week', width: 100 },
            { title: t('supervision.dir.title'), key: 'title', render: (_, d) => <a>{d.title}</a> },
            { title: '', key: 'period', width: 200, render: (_, d) => period(d) },
            { title: t('supervision.field.state'), key: 'state', width: 100, render: (_, d) => <ListStateTag list={d} /> },
            { title: '', key: 'issued', width: 170, render: (_, d) => (d.issuedAt ? t('supervision.dir.issuedAt', { at: formatDateTime(d.issuedAt) }) : '') },
          ]}
        />
      )}
    </div>
  );
}
