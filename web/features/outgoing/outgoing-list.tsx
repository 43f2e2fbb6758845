// A list of 发文: a table on a desktop, cards on a phone; each row opens the document page.
import { Card, Empty, List, Space, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { ClassificationTag } from '../../components/classification.js';
import { formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useIsMobile } from '../../lib/media.js';
import type { OutgoingSummary } from './outgoing.api.js';
import { IssueNumber, StateTag, UrgencyTag } from './outgoing.tags.js';

export function OutgoingList({ items, loading, departments, empty }: { items: OutgoingSummary[]; loading: boolean; departments: Record<string, string>; empty: string }) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const dept = (id: string | null) => (id ? (departments[id] ?? '') : '');
  if (mobile) {
    return (
      <List
        loading={loading}
        dataSource={items}
        rowKey="id"
        locale={{ emptyText: <Empty description={empty} /> }}
        renderItem={(d) => (
          <Card size="small" style={{ marginBottom: 8 }}>
            <Link to={`/outgoing/${d.id}`} style={{ fontWeight: 600, wordBreak: 'break-all' }}>
              {d.title}
            </Link>
            <div style={{ marginTop: 4 }}>
              <Space size={4} wrap>
                <StateTag state={d.state} />
                <UrgencyTag urgency={d.urgency} quiet />
                <ClassificationTag level={d.classification} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {d.docKind}
                </Typography.Text>
              </Space>
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <IssueNumber value={d.issueNumber} /> · {dept(d.draftingDepartmentId)} · {formatDateTime(d.createdAt)}
            </Typography.Text>
          </Card>
        )}
      />
    );
  }
  return (
    <Table<OutgoingSummary>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={items}
      pagination={items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      locale={{ emptyText: <Empty description={empty} /> }}
      scroll={{ x: 1000 }}
      columns={[
        { title: t('out.issueNumber'), dataIndex: 'issueNumber', width: 180, render: (v: string | null) => <IssueNumber value={v} /> },
        { title: t('out.docTitle'), dataIndex: 'title', ellipsis: true, render: (v: string, d) => <Link to={`/outgoing/${d.id}`}>{v}</Link> },
        { title: t('out.kind'), dataIndex: 'docKind', width: 70 },
        { title: t('out.urgency'), dataIndex: 'urgency', width: 90, render: (v: string) => <UrgencyTag urgency={v} /> },
        { title: t('out.classification'), dataIndex: 'classification', width: 70, render: (v: number) => <ClassificationTag level={v} /> },
        { title: t('out.state'), dataIndex: 'state', width: 100, render: (v: string) => <StateTag state={v} /> },
        { title: t('out.department'), dataIndex: 'draftingDepartmentId', width: 100, ellipsis: true, render: (v: string | null) => dept(v) },
        { title: t('out.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTime(v) },
      ]}
    />
  );
}
