// A list of 督办事项: a table on a desktop, cards on a phone; a row opens the item page. Each row
// shows the number, the title, the units, the deadline (how late or how close) and the progress.
import type { HTMLAttributes } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Empty, List, Space, Table, Typography } from 'antd';
import { ClassificationTag } from '../../components/classification.js';
import { companyDate } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useIsMobile } from '../../lib/media.js';
import { WORKING_STATES } from '../../../common/workflow/supervision.workflow.js';
import type { Item } from './supervision.api.js';
import { DeadlineText, PriorityTag, ProgressBar, StateTag, useSupervisionLabels } from './supervision.labels.js';

interface Props {
  items: Item[];
  loading: boolean;
  more?: boolean;
  onMore?(): void;
  empty?: string;
  testId?: string;
  /** Show who assigned each item (the 全部 and 我的 views). */
  showLeader?: boolean;
  /** The handler's shortcuts: report progress or ask for more time (the item page opens that form). */
  handlerActions?: boolean;
}

export function ItemList({ items, loading, more, onMore, empty, testId, showLeader, handlerActions }: Props) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const labels = useSupervisionLabels();
  const today = companyDate();
  const open = (i: Item, what?: string) => navigate(`/supervision/${i.id}${what ? `?do=${what}` : ''}`);
  const shortcuts = (i: Item) =>
    handlerActions && !i.done && !i.closed ? (
      <Space size={4} wrap onClick={(e) => e.stopPropagation()}>
        {WORKING_STATES.has(i.state) && (
          <Button size="small" onClick={() => open(i, 'report_progress')} data-testid="shortcut-report">
            {t('supervision.action.reportProgress')}
          </Button>
        )}
        <Button size="small" onClick={() => open(i, 'extend')}>
          {t('supervision.action.extend')}
        </Button>
      </Space>
    ) : null;
  const noData = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty ?? t('supervision.list.empty')} />;

  const body = mobile ? (
    <List
      loading={loading}
      dataSource={items}
      rowKey="id"
      locale={{ emptyText: noData }}
      renderItem={(i) => (
        <Card size="small" hoverable style={{ marginBottom: 8 }} styles={{ body: { padding: 12 } }} onClick={() => open(i)} data-testid="item-row">
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <Typography.Text strong style={{ minWidth: 0 }}>
              {i.title}
            </Typography.Text>
            <Space size={4} style={{ flex: 'none', alignItems: 'flex-start' }}>
              <PriorityTag priority={i.priority} hideNormal />
              {i.classification > 1 && <ClassificationTag level={i.classification} />}
            </Space>
          </div>
          <div style={{ fontSize: 12, color: '#595959', marginTop: 4 }}>{[i.number, i.leadDepartmentName, labels.source(i.source.type)].filter(Boolean).join(' · ')}</div>
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 6, gap: 8, fontSize: 12 }}>
            <StateTag item={i} />
            <DeadlineText item={i} today={today} />
          </div>
          <ProgressBar item={i} size="small" />
          {shortcuts(i)}
        </Card>
      )}
    />
  ) : (
    <Table<Item>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={items}
      pagination={false}
      scroll={{ x: 1000 }}
      locale={{ emptyText: noData }}
      onRow={(i) => ({ onClick: () => open(i), style: { cursor: 'pointer' }, 'data-testid': 'item-row' }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('supervision.field.number'), dataIndex: 'number', width: 120 },
        {
          title: t('supervision.field.title'),
          key: 'title',
          render: (_, i) => (
            <>
              <Space size={6} wrap>
                <a>{i.title}</a>
                <PriorityTag priority={i.priority} hideNormal />
                {i.classification > 1 && <ClassificationTag level={i.classification} />}
              </Space>
              <div style={{ fontSize: 12, color: '#8c8c8c' }}>
                {labels.source(i.source.type)}
                {showLeader && i.assignedByName ? ` · ${i.assignedByName}` : ''}
              </div>
            </>
          ),
        },
        { title: t('supervision.field.leadUnit'), key: 'lead', width: 120, render: (_, i) => i.leadDepartmentName || '—' },
        { title: t('supervision.field.state'), key: 'state', width: 110, render: (_, i) => <StateTag item={i} /> },
        { title: t('supervision.field.deadline'), key: 'deadline', width: 170, render: (_, i) => <DeadlineText item={i} today={today} /> },
        { title: t('supervision.field.progress'), key: 'progress', width: 130, render: (_, i) => <ProgressBar item={i} size="small" /> },
        ...(handlerActions ? [{ title: t('common.actions'), key: 'do', width: 190, render: (_: unknown, i: Item) => shortcuts(i) }] : []),
      ]}
    />
  );
  return (
    <div data-testid={testId}>
      {body}
      {more && onMore && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button loading={loading} onClick={onMore}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
    </div>
  );
}
