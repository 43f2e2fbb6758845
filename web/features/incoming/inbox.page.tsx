// /incoming: 待我办理 (the department's inbox, the leaders' and secretaries' to-do), the 收文登记簿
// with filters, export and a print view, and the overdue list. The tab is kept in the URL so the
// back button returns to it from a document.
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Tabs, Typography } from 'antd';
import { FormOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { PageHeader } from '../../components/page-header.js';
import { useCan } from '../../lib/ability.js';
import { formatCount, formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { useIsMobile } from '../../lib/media.js';
import { DocumentList } from './document-list.js';
import { incomingApi } from './incoming.api.js';
import { useDepartments } from './incoming.labels.js';
import { RegisterTab } from './register.tab.js';
import { usePaged } from './use-paged.js';

function BatchBanner() {
  const { t } = useI18n();
  const batch = useApi(() => incomingApi.batch(), []);
  const b = batch.data;
  if (!b || b.count === 0) return null;
  return (
    <Alert
      showIcon
      type="warning"
      style={{ marginBottom: 12 }}
      message={t('incoming.batch.banner', { n: b.count })}
      description={b.closesAt ? t('incoming.batch.closesAt', { at: formatDateTime(b.closesAt) }) : undefined}
      action={
        <Link to="/incoming/batch">
          <Button size="small" type="primary">
            {t('incoming.batch.open')}
          </Button>
        </Link>
      }
    />
  );
}

function PendingTab() {
  const { t } = useI18n();
  const can = useCan();
  const depts = useDepartments();
  const list = usePaged((before) => incomingApi.list({ pendingForMe: true }, before), []);
  return (
    <>
      {can('documents.batch') && <BatchBanner />}
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('incoming.pending.hint', { n: formatCount(list.total, list.totalCapped) })}
      </Typography.Paragraph>
      <DocumentList
        testId="pending-list"
        items={list.items}
        loading={list.loading}
        more={list.more}
        onMore={list.loadMore}
        empty={t('incoming.pending.empty')}
        extra={[
          {
            key: 'deadline',
            title: t('incoming.field.deadline'),
            width: 130,
            desktopOnly: true,
            render: (d) =>
              d.deadline ? (
                <>
                  <div>{d.deadline}</div>
                  {d.leadDepartmentId && <div style={{ fontSize: 12, color: '#8c8c8c' }}>{depts.name(d.leadDepartmentId)}</div>}
                </>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </>
  );
}

function OverdueTab() {
  const { t } = useI18n();
  const depts = useDepartments();
  const overdue = useApi(() => incomingApi.overdue(), []);
  return (
    <DocumentList
      testId="overdue-list"
      items={overdue.data?.items ?? []}
      loading={overdue.loading}
      empty={t('incoming.overdue.empty')}
      extra={[
        { key: 'lead', title: t('incoming.field.leadDepartment'), width: 110, render: (d) => depts.name(d.leadDepartmentId) || '—' },
        {
          key: 'late',
          title: t('incoming.overdue.days'),
          width: 150,
          render: (d) => (
            <Typography.Text type="danger">
              {d.deadline} · {t('incoming.overdue.daysLate', { n: d.daysOverdue })}
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}

export default function InboxPage() {
  const { t } = useI18n();
  const can = useCan();
  const mobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'pending';
  const tabs = [
    { key: 'pending', label: t('incoming.tab.pending'), children: <PendingTab /> },
    { key: 'register', label: t('incoming.tab.register'), children: <RegisterTab /> },
    ...(can('documents.register') ? [{ key: 'overdue', label: t('incoming.tab.overdue'), children: <OverdueTab /> }] : []),
  ];
  return (
    <>
      <PageHeader
        title={t('nav.incoming')}
        extra={
          <>
            {can('documents.batch') && (
              <Link to="/incoming/batch">
                <Button icon={<ThunderboltOutlined />}>{t('incoming.batch.title')}</Button>
              </Link>
            )}
            {can('documents.register') && (
              <Link to="/incoming/new">
                <Button type="primary" icon={<FormOutlined />}>
                  {t('incoming.desk.open')}
                </Button>
              </Link>
            )}
          </>
        }
      />
      <Card size="small" styles={{ body: { padding: mobile ? 8 : 12, paddingTop: 0 } }}>
        <Tabs activeKey={tab} onChange={(k) => setParams(k === 'pending' ? {} : { tab: k }, { replace: true })} items={tabs} destroyOnHidden />
      </Card>
    </>
  );
}
