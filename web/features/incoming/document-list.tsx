// A list of 收文: a table on a desktop, cards on a phone; a row opens the document page.
import type { HTMLAttributes, ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Empty, List, Space, Table, Typography } from 'antd';
import { ClassificationTag } from '../../components/classification.js';
import { formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useIsMobile } from '../../lib/media.js';
import type { IncomingItem } from './incoming.api.js';
import { StateTag, UrgencyTag } from './incoming.labels.js';

export interface ExtraColumn<T> {
  key: string;
  title: string;
  width?: number;
  /** Left out of the phone's cards (which show the deadline anyway). */
  desktopOnly?: boolean;
  render(d: T): ReactNode;
}

interface Props<T extends IncomingItem> {
  items: T[];
  loading: boolean;
  more?: boolean;
  onMore?(): void;
  extra?: ExtraColumn<T>[];
  empty?: string;
  testId?: string;
}

export function DocumentList<T extends IncomingItem>({ items, loading, more, onMore, extra = [], empty, testId }: Props<T>) {
  const { t } = useI18n();
  const sep = t('incoming.colon');
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const open = (d: T) => navigate(`/incoming/${d.id}`);
  const noData = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty ?? t('incoming.list.empty')} />;

  const body = mobile ? (
    <List
      loading={loading}
      dataSource={items}
      rowKey="id"
      locale={{ emptyText: noData }}
      renderItem={(d) => (
        <Card size="small" hoverable style={{ marginBottom: 8 }} styles={{ body: { padding: 12 } }} onClick={() => open(d)} data-testid="incoming-row">
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <Typography.Text strong style={{ minWidth: 0 }}>
              {d.title || t('incoming.untitled')}
            </Typography.Text>
            <Space size={4} style={{ flex: 'none', alignItems: 'flex-start' }}>
              <UrgencyTag urgency={d.urgency} hideNormal />
              <ClassificationTag level={d.classification} />
            </Space>
          </div>
          <div style={{ fontSize: 12, color: '#595959', marginTop: 4 }}>
            {[d.incomingNumber, d.sender, d.docNumber].filter(Boolean).join(' · ')}
          </div>
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 6, gap: 8, fontSize: 12, color: '#8c8c8c' }}>
            <StateTag state={d.state} />
            <span>
              {formatDateTime(d.receivedAt)}
              {d.deadline ? ` · ${t('incoming.field.deadline')} ${d.deadline}` : ''}
            </span>
          </div>
          {extra.filter((c) => !c.desktopOnly).map((c) => (
            <div key={c.key} style={{ fontSize: 12, marginTop: 4 }}>
              {c.title}{sep}{c.render(d)}
            </div>
          ))}
        </Card>
      )}
    />
  ) : (
    <Table<T>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={items}
      pagination={false}
      scroll={{ x: 1040 }}
      locale={{ emptyText: noData }}
      onRow={(d) => ({ onClick: () => open(d), style: { cursor: 'pointer' }, 'data-testid': 'incoming-row' }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('incoming.field.incomingNumber'), dataIndex: 'incomingNumber', width: 116, render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('incoming.notRegistered')}</Typography.Text> },
        {
          title: t('incoming.field.title'),
          key: 'title',
          render: (_, d) => (
            <Space size={6}>
              <a>{d.title || t('incoming.untitled')}</a>
              <UrgencyTag urgency={d.urgency} hideNormal />
            </Space>
          ),
        },
        {
          title: `${t('incoming.field.sender')} / ${t('incoming.field.docNumber')}`,
          key: 'sender',
          width: 190,
          render: (_, d) => (
            <>
              <div>{d.sender}</div>
              {d.docNumber && <div style={{ fontSize: 12, color: '#8c8c8c' }}>{d.docNumber}</div>}
            </>
          ),
        },
        { title: t('incoming.field.classification'), key: 'classification', width: 72, render: (_, d) => <ClassificationTag level={d.classification} /> },
        { title: t('incoming.field.state'), key: 'state', width: 116, render: (_, d) => <StateTag state={d.state} /> },
        { title: t('incoming.field.receivedAt'), dataIndex: 'receivedAt', width: 100, render: (v: string) => formatDateTime(v).slice(0, 10) },
        ...extra.map((c) => ({ title: c.title, key: c.key, width: c.width, render: (_: unknown, d: T) => c.render(d) })),
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
